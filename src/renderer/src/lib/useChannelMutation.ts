import { useMutation } from '@tanstack/react-query'
import type { Channel, InputOf, OutputOf } from '../../../shared/ipc/contract'
import { call } from './api'

/**
 * A mutation that sends its variables to one channel as they are. `onSuccess`
 * is where a feature refreshes the queries the channel changed, so every
 * channel of a feature refreshes the same way.
 */
export function useChannelMutation<K extends Channel>(
  channel: K,
  onSuccess?: (output: OutputOf<K>) => unknown
) {
  return useMutation({
    mutationFn: (input: InputOf<K>) => call(channel, input),
    onSuccess
  })
}
