/**
 * The ffmpeg filter graph and encoder arguments of one demo camera's loop:
 * what makes each camera look different and keeps its timestamps seamless.
 */
import { runFfmpeg } from '../../media/ffmpeg'
import type { DemoCamera, DemoRenderParams, DemoVariantSpec, RenderedLoop } from './params'
import type { DemoFonts } from './fonts'

export function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Escape a value for a filter option, then quote it for the filtergraph level. */
function filterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`)
  return `'${optionLevel.replace(/'/g, `'\\''`)}'`
}

export interface GraphPlan {
  graph: string
  textDrawn: RenderedLoop['textDrawn']
}

/**
 * The filter graph of one camera: a code-dependent pattern and hue so every
 * camera looks different, the code, the name and a running clock burned in at
 * the largest size, then one scaled branch per variant ([v0], [v1], …).
 */
export function planGraph(
  camera: DemoCamera,
  params: DemoRenderParams,
  fonts: DemoFonts,
  hasDrawtext: boolean
): GraphPlan {
  const largest = params.variants.reduce((a, b) =>
    b.width * b.height > a.width * a.height ? b : a
  )
  const { width: w, height: h } = largest
  const seconds = params.segmentSeconds * params.loopSegments
  const hash = fnv1a(camera.code)
  // Coarse hue steps keep neighbours on the wall clearly apart.
  const hue = (hash % 8) * 45
  const size = `size=${w}x${h}:rate=${params.fps}`
  const patterns = [
    `testsrc2=${size}:duration=${seconds}`,
    `testsrc=${size}:duration=${seconds}`,
    // Starts zoomed in so the motion stays visible over a short loop.
    `mandelbrot=${size}:start_scale=2.5:end_scale=1:end_pts=${params.fps * seconds}:maxiter=96,trim=duration=${seconds}`
  ]
  const pattern = patterns[Math.floor(hash / 8) % patterns.length] ?? patterns[0]
  const chain: string[] = [`${pattern},hue=h=${hue}:s=1.2`]
  const unit = h / 360
  const textDrawn = { code: false, name: false, clock: false }
  if (hasDrawtext) {
    const box = `box=1:boxcolor=black@0.6:boxborderw=${Math.round(6 * unit)}`
    if (fonts.latin) {
      chain.push(
        `drawtext=fontfile=${filterValue(fonts.latin)}:textfile=code.txt:expansion=none:x=${Math.round(12 * unit)}:y=${Math.round(10 * unit)}:fontsize=${Math.round(44 * unit)}:fontcolor=white:${box}`
      )
      textDrawn.code = true
    }
    const nameFont = fonts.cjk ?? (/^[\x20-\x7e]*$/.test(camera.name) ? fonts.latin : undefined)
    if (nameFont && camera.name.trim() !== '') {
      chain.push(
        `drawtext=fontfile=${filterValue(nameFont)}:textfile=name.txt:expansion=none:x=${Math.round(12 * unit)}:y=${Math.round(68 * unit)}:fontsize=${Math.round(32 * unit)}:fontcolor=white:${box}`
      )
      textDrawn.name = true
    }
    if (fonts.mono) {
      chain.push(
        `drawtext=fontfile=${filterValue(fonts.mono)}:text=${filterValue('%{pts:hms}')}:x=w-tw-${Math.round(12 * unit)}:y=h-th-${Math.round(12 * unit)}:fontsize=${Math.round(34 * unit)}:fontcolor=yellow:${box}`
      )
      textDrawn.clock = true
    }
  }
  const n = params.variants.length
  const splitLabels = params.variants.map((_, i) => `[s${i}]`).join('')
  const branches = params.variants.map((v, i) => {
    const scale = v.width === w && v.height === h ? '' : `scale=${v.width}:${v.height}:flags=area,`
    return `[s${i}]${scale}format=yuv420p,setsar=1[v${i}]`
  })
  const graph = `${chain.join(',')},split=${n}${splitLabels};\n${branches.join(';\n')}`
  return { graph, textDrawn }
}

export function encoderArgs(params: DemoRenderParams, v: DemoVariantSpec, index: number): string[] {
  const gop = params.fps * params.segmentSeconds
  return [
    '-map',
    `[v${index}]`,
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    // Constrained baseline: no B-frames and CAVLC keep software decode of dense walls cheap.
    '-profile:v',
    'baseline',
    '-level:v',
    '3.0',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(params.fps),
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    `expr:gte(t,n_forced*${params.segmentSeconds})`,
    '-b:v',
    `${v.bitrateKbps}k`,
    '-maxrate',
    `${v.maxrateKbps}k`,
    '-bufsize',
    `${v.maxrateKbps}k`,
    '-threads',
    '1',
    '-f',
    'hls',
    '-hls_time',
    String(params.segmentSeconds),
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_filename',
    `${v.name}/%d.ts`,
    `${v.name}/index.m3u8`
  ]
}

const drawtextSupport = new Map<string, Promise<boolean>>()

/** Whether this ffmpeg build has drawtext (libfreetype); some minimal builds lack it. */
export function ffmpegHasDrawtext(ffmpegPath: string): Promise<boolean> {
  let cached = drawtextSupport.get(ffmpegPath)
  if (!cached) {
    cached = runFfmpeg(['-hide_banner', '-filters'], { ffmpegPath }).then(
      (r) => /\bdrawtext\b/.test(r.stdout),
      () => false
    )
    drawtextSupport.set(ffmpegPath, cached)
  }
  return cached
}
