// The demo renderer lives in src/main/demo/render/ now; this path stays for callers that predate the move.
export {
  DEFAULT_DEMO_RENDER_PARAMS,
  DEMO_VARIANTS,
  validateDemoRenderParams,
  type DemoCamera,
  type DemoRenderParams,
  type DemoVariantSpec,
  type RenderedLoop,
  type RenderedSegment,
  type RenderedVariant
} from '../../demo/render/params'
export { detectDemoFonts, type DemoFonts } from '../../demo/render/fonts'
export { ffmpegHasDrawtext } from '../../demo/render/graph'
export {
  defaultDemoCacheDir,
  demoCacheEntryDir,
  demoCacheKey,
  loadCachedLoop,
  pruneDemoCacheTemp,
  renderDemoLoop,
  type RenderLoopOptions
} from '../../demo/render/cache'
export {
  createDemoRenderer,
  type DemoRenderer,
  type DemoRendererOptions,
  type DemoRenderPriority,
  type DemoRenderStatus
} from '../../demo/render/queue'
