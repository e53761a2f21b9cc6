/**
 * How every test and bench starts Debian's Chromium here: headless, as root
 * (no sandbox), and with no background networking (this machine's network is
 * closed; without these flags Chromium keeps trying to reach Google).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // demo walls autoplay muted video
  '--autoplay-policy=no-user-gesture-required'
]
