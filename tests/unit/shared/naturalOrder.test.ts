import { describe, expect, it } from 'vitest'
import {
  chineseNumeral,
  naturalCompare,
  naturalCompareBlankLast
} from '../../../src/shared/domain/naturalOrder'

const sorted = (xs: readonly string[]) => [...xs].sort(naturalCompare)

describe('natural order', () => {
  it('orders digit runs by value, not by character', () => {
    expect(sorted(['A10', 'A9', 'A1', 'A100'])).toEqual(['A1', 'A9', 'A10', 'A100'])
    expect(sorted(['HK-12', 'HK-9', 'HK-100', 'HK-012a'])).toEqual([
      'HK-9',
      'HK-12',
      'HK-012a',
      'HK-100'
    ])
    // national-standard style codes: all digits, different lengths
    expect(sorted(['3301060012', '330106002', '3301060002', '3301060100'])).toEqual([
      '330106002',
      '3301060002',
      '3301060012',
      '3301060100'
    ])
  })

  it('does not rank by the first number alone (A区3号 before B区1号)', () => {
    expect(sorted(['B区1号', 'A区3号', 'A区12号', 'A区2号'])).toEqual([
      'A区2号',
      'A区3号',
      'A区12号',
      'B区1号'
    ])
  })

  it('reads counted Chinese numerals as numbers', () => {
    expect(sorted(['第十片区', '第二片区', '第一片区', '第十一片区', '第三片区'])).toEqual([
      '第一片区',
      '第二片区',
      '第三片区',
      '第十片区',
      '第十一片区'
    ])
    expect(sorted(['十号楼', '二号楼', '一百零五号楼', '九号楼'])).toEqual([
      '二号楼',
      '九号楼',
      '十号楼',
      '一百零五号楼'
    ])
    expect([11, 20, 105, 101, 1000]).toEqual(
      ['十一', '二十', '一百零五', '一〇一', '一千'].map(chineseNumeral)
    )
  })

  it('orders Chinese names by pinyin and leaves numerals inside names alone', () => {
    // jin < jiu < yu; 九龙 is a name, not 9
    expect(sorted(['育才路', '九龙社区', '金城路'])).toEqual(['金城路', '九龙社区', '育才路'])
    expect(sorted(['一中路', '二中路'])).toEqual(['二中路', '一中路'])
  })

  it('folds full-width digits and is total (equal only for equal strings)', () => {
    expect(sorted(['Ａ１０', 'A9'])).toEqual(['A9', 'Ａ１０'])
    expect(naturalCompare('a01', 'a1')).not.toBe(0)
    expect(Math.sign(naturalCompare('a01', 'a1'))).toBe(-Math.sign(naturalCompare('a1', 'a01')))
    expect(naturalCompare('x', 'x')).toBe(0)
  })

  it('puts unassigned (null or empty) after every name', () => {
    expect(['', '第二片区', null, '第一片区'].sort(naturalCompareBlankLast)).toEqual([
      '第一片区',
      '第二片区',
      '',
      null
    ])
  })
})
