import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryClient } from '../../lib/queryClient'
import type { InputOf } from '../../../../shared/ipc/contract'
import type { LookupCase } from '../../../../shared/ipc/contracts/lookup'
import { lookupKeys } from './queries'

const store = (c: LookupCase) => {
  queryClient.setQueryData(lookupKeys.case(c.id), c)
  void queryClient.invalidateQueries({ queryKey: lookupKeys.cases })
  return c
}

export const useCreateCase = () =>
  useMutation({
    mutationFn: (i: InputOf<'lookup:cases:create'>) => api['lookup:cases:create'](i).then(store)
  })
export const useUpdateCase = () =>
  useMutation({
    mutationFn: (i: InputOf<'lookup:cases:update'>) => api['lookup:cases:update'](i).then(store)
  })
export const useConfirm = () =>
  useMutation({
    mutationFn: (i: InputOf<'lookup:cases:confirm'>) => api['lookup:cases:confirm'](i).then(store)
  })
export const useUnconfirm = () =>
  useMutation({
    mutationFn: (i: InputOf<'lookup:cases:unconfirm'>) =>
      api['lookup:cases:unconfirm'](i).then(store)
  })

/**
 * Writes the report; when the case is linked to an incident, the PDF is
 * attached to it through the incidents API (their audit, their files).
 */
export const useReport = () =>
  useMutation({
    mutationFn: async (i: InputOf<'lookup:report'> & { incidentId: number | null }) => {
      const { incidentId, ...input } = i
      const urls = await api['lookup:report'](input)
      if (incidentId !== null) {
        const blob = await (await fetch(urls.pdfUrl, { credentials: 'same-origin' })).blob()
        const dataUrl = await new Promise<string>((resolve, reject) => {
          const r = new FileReader()
          r.onload = () =>
            resolve(
              (typeof r.result === 'string' ? r.result : '').replace(
                /^data:[^;]*;/,
                'data:application/pdf;'
              )
            )
          r.onerror = () => reject(r.error ?? new Error('read failed'))
          r.readAsDataURL(blob)
        })
        await api['incidents:attach']({
          id: incidentId,
          kind: 'file',
          fileName: `lookup-case-${i.caseId}.pdf`,
          dataUrl
        })
      }
      void queryClient.invalidateQueries({ queryKey: lookupKeys.case(i.caseId) })
      return urls
    }
  })
