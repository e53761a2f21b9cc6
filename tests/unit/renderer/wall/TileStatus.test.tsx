import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { act, cleanup, render } from '@testing-library/react'
import { i18n, setLanguage } from '../../../../src/renderer/src/lib/i18n'
import { TileAlert, TileBadge } from '../../../../src/renderer/src/features/wall/TileStatus'
import type { StreamState } from '../../../../src/renderer/src/features/player/state'
import { LIVE_FAILURES } from '../../../../src/shared/domain/live'
import { PLAYER_FAILURE_REASONS } from '../../../../src/renderer/src/features/player/errorPolicy'

/** What a tile says for a state: its badge and, when there is one, the word over the picture. */
function tileSays(state: StreamState): { badge: string; alert: string; help: string } {
  const { container } = render(
    <>
      <TileBadge state={state} />
      <TileAlert state={state} />
    </>
  )
  const alert = container.querySelector<HTMLElement>('[data-testid=tile-alert]')
  const out = {
    badge: container.querySelector('span')?.textContent ?? '',
    alert: alert?.textContent ?? '',
    help: alert?.title ?? ''
  }
  cleanup()
  return out
}

const soon = () => Date.now() + 10_000

describe('tile states', () => {
  beforeAll(() => act(() => setLanguage('zh-CN')))
  afterEach(() => act(() => setLanguage('zh-CN')))

  it('says every state in Chinese, each failure in its own words', () => {
    expect(tileSays({ status: 'connecting' }).badge).toBe('连接中')
    expect(tileSays({ status: 'playing' }).badge).toBe('播放中')
    expect(tileSays({ status: 'playing', note: 'sub' }).badge).toBe(
      '播放中 · 子码流（本机不能解 H.265）'
    )
    expect(tileSays({ status: 'playing', note: 'transcoded' }).badge).toBe('播放中 · 转码为 H.264')
    expect(tileSays({ status: 'playing', note: 'h265' }).badge).toBe('播放中 · H.265 直通')
    const stalled = tileSays({ status: 'stalled', sinceMs: Date.now() - 5000 })
    expect(stalled.badge).toBe('画面停滞 5 秒')
    expect(stalled.alert).toBe('画面已冻结')
    const auth = tileSays({ status: 'offline', reason: 'auth', retryAt: soon(), detail: '401' })
    expect(auth.badge).toMatch(/^离线，1\d 秒后重试 · 用户名或密码错误$/)
    expect(auth.alert).toBe('用户名或密码错误')
    expect(auth.help).toMatch(/401/)

    const words = new Set<string>()
    for (const reason of new Set([...LIVE_FAILURES, ...PLAYER_FAILURE_REASONS])) {
      const said = tileSays({ status: 'offline', reason, retryAt: soon() })
      expect(said.alert, reason).not.toBe('')
      expect(said.alert, reason).not.toMatch(/tile\./)
      expect(said.help, reason).not.toMatch(/tile\./)
      words.add(said.alert)
    }
    // distinct: no two reasons read the same on a tile (HLS and live "stalled" are one reason)
    expect(words.size).toBe(new Set([...LIVE_FAILURES, ...PLAYER_FAILURE_REASONS]).size)
  })

  it('says a codec this screen cannot play without a retry countdown', () => {
    const codec = tileSays({ status: 'offline', reason: 'codec', retryAt: null, detail: 'hvc1.1' })
    expect(codec.badge).toBe('不可播放 · 本机无法解码此视频')
    expect(codec.alert).toBe('本机无法解码此视频')
    expect(codec.help).toMatch(/子码流/)
    expect(codec.help).toMatch(/hvc1\.1/)
  })

  it('says the same in English', () => {
    act(() => setLanguage('en'))
    expect(i18n.language).toBe('en')
    expect(tileSays({ status: 'connecting' }).badge).toBe('Connecting')
    expect(tileSays({ status: 'playing', note: 'transcoded' }).badge).toMatch(
      /transcoded to H\.264/
    )
    expect(tileSays({ status: 'offline', reason: 'auth', retryAt: soon() }).alert).toBe(
      'wrong user name or password'
    )
    expect(tileSays({ status: 'offline', reason: 'codec', retryAt: null }).badge).toMatch(
      /^Not playable · /
    )
    expect(tileSays({ status: 'offline', reason: 'budget', retryAt: soon() }).alert).toBe(
      'transcode budget full'
    )
  })

  it('shows nothing for an idle tile', () => {
    expect(tileSays({ status: 'idle' })).toEqual({ badge: '', alert: '', help: '' })
  })
})
