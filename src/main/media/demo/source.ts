// The demo camera source lives in src/main/demo/ now; this path stays for callers that predate the move.
export {
  createDemoSource,
  parseDemoPath,
  type DemoEnsureAllResult,
  type DemoFailure,
  type DemoSource,
  type DemoSourceOptions,
  type DemoVariantInfo
} from '../../demo/source'
