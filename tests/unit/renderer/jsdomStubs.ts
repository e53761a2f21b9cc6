/**
 * What jsdom lacks and antd needs, which the browser supplies: `matchMedia`
 * (no query ever matches) and a `ResizeObserver` that reports every observed
 * element at `size` (none: never reports).
 */
export function stubBrowserLayout(size?: { width: number; height: number }): void {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false
      }) as MediaQueryList
  })
  globalThis.ResizeObserver = class {
    constructor(private readonly onResize: ResizeObserverCallback) {}
    observe(el: Element): void {
      if (!size) return
      const contentRect = size as DOMRectReadOnly
      this.onResize([{ target: el, contentRect } as ResizeObserverEntry], this)
    }
    unobserve(): void {}
    disconnect(): void {}
  }
}
