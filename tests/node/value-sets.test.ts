import { describe, expect, it } from 'vitest';
import { countryCodes, countryName } from '../../src/domain/value-sets/countries.ts';
import { serbianCyrillicToLatin } from '../../src/i18n/serbian-latin.ts';
import { LANGUAGE_CODES } from '../../src/i18n/languages.ts';

describe('countries', () => {
  it('have a name in each of the 14 languages', () => {
    const codes = countryCodes();
    expect(codes.length).toBeGreaterThan(240);
    for (const lng of LANGUAGE_CODES) {
      for (const code of codes) expect(countryName(code, lng), `${code} in ${lng}`).toMatch(/\S/);
    }
  });

  it('are named in each script: Syria in Arabic, Greek, Serbian Cyrillic and Latin', () => {
    expect(countryName('SY', 'ar')).toBe('سوريا');
    expect(countryName('SY', 'el')).toBe('Αραβική Δημοκρατία της Συρίας');
    expect(countryName('SY', 'sr')).toBe('Сирија');
    expect(countryName('SY', 'sr-Latn')).toBe('Sirija');
  });
});

describe('Serbian Latin from Cyrillic', () => {
  it.each([
    ['Љубљана', 'Ljubljana'],
    ['ЉУБАВ', 'LJUBAV'],
    ['Џибути', 'Džibuti'],
    ['Ђорђе Ћосић', 'Đorđe Ćosić'],
    ['Београд 2018', 'Beograd 2018'],
  ])('writes %s as %s', (cyrillic, latin) => {
    expect(serbianCyrillicToLatin(cyrillic)).toBe(latin);
  });
});
