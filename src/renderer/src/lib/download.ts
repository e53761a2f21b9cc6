/**
 * Hands a URL to the browser as a download: a plain download in host mode, a
 * save dialog in the desktop window. The anchor joins the document for the
 * click because some engines ignore clicks on detached anchors.
 */
export function saveUrl(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/** Saves bytes or text as a file; the object URL is released once the download has started. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  saveUrl(url, fileName)
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function downloadText(
  fileName: string,
  text: string,
  mime = 'text/csv;charset=utf-8'
): void {
  downloadBlob(new Blob([text], { type: mime }), fileName)
}
