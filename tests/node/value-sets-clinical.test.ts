import { describe, expect, it } from 'vitest';
import { CvxCodeSchema, Icd10CodeSchema, LoincCodeSchema } from '../../src/domain/entries.ts';
import { VITALS } from '../../src/domain/vitals.ts';
import {
  BASE_LANGUAGES,
  ICD10_GROUPS,
  ICD10_TRANSLATIONS,
  LOINC_CATEGORIES,
  LOINC_TRANSLATIONS,
  UCUM_TRANSLATIONS,
  VACCINE_ANTIGENS,
  VACCINE_TRANSLATIONS,
  antigenLabel,
  cvxProduct,
  cvxProductLabel,
  cvxProducts,
  designation,
  findLoincByName,
  icd10Entries,
  icd10Label,
  icd10Lookup,
  icd10Search,
  isIcd10Code,
  loincAnswers,
  loincItem,
  loincItems,
  normalizeIcd10,
  normalizeSearchText,
  ucumDisplay,
  ucumUnit,
  ucumUnits,
  vaccine,
  valueSetCompleteness,
  type TranslationFile,
} from '../../src/domain/value-sets/index.ts';

/** Every language with translation files (Serbian Latin is derived from Serbian Cyrillic): all complete. */
const REQUIRED = BASE_LANGUAGES;

function textOf(file: TranslationFile, section: string, key: string): string | undefined {
  const value = file[section]?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * LOINC's mod-10 check digit, as the LOINC manual gives it: the digits in odd positions counted from
 * the right, read as a number and doubled; the digits in even positions written in front; the sum of
 * all those digits subtracted from the next multiple of ten.
 */
function loincCheckDigit(body: string): number {
  const fromRight = [...body].reverse();
  const odd = fromRight.filter((_, i) => i % 2 === 0).join('');
  const even = fromRight.filter((_, i) => i % 2 === 1).join('');
  const digits = `${even}${Number(odd) * 2}`;
  const sum = [...digits].reduce((total, digit) => total + Number(digit), 0);
  return (10 - (sum % 10)) % 10;
}

describe('LOINC check digit', () => {
  it.each([
    ['12345', 5],
    ['718', 7],
    ['8310', 5],
    ['59408', 5],
  ])('of %s is %i', (body, check) => {
    expect(loincCheckDigit(body)).toBe(check);
  });
});

describe('LOINC subset', () => {
  const items = loincItems();

  it('covers vitals, blood count, chemistry, serology, urine, microbiology and imaging', () => {
    expect(items.length).toBeGreaterThanOrEqual(60);
    for (const category of LOINC_CATEGORIES) expect(loincItems(category).length, category).toBeGreaterThan(0);
    for (const code of ['718-7', '4544-3', '789-8', '6690-2', '777-3', '787-2', '1558-6', '2345-7', '4548-4', '2160-0', '1742-6', '1920-8']) {
      expect(loincItem(code), code).toBeDefined();
    }
    for (const code of ['5196-1', '16935-9', '13952-7', '13955-0', '56888-1', '22587-0', '20507-0', '1648-5', '71773-6', '2106-3']) {
      expect(loincItem(code), code).toBeDefined();
    }
    for (const code of ['5804-0', '5792-7', '5794-3', '5799-2', '5802-4', '5803-2', '5811-5', '10704-5', '51587-4', '76772-3', '36643-5', '94500-6', '94558-4']) {
      expect(loincItem(code), code).toBeDefined();
    }
  });

  it('has well-formed, unique codes with valid check digits', () => {
    const codes = items.map((item) => item.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(LoincCodeSchema.safeParse(code).success, code).toBe(true);
      const [body, check] = code.split('-') as [string, string];
      expect(loincCheckDigit(body), code).toBe(Number(check));
    }
  });

  it('uses the same codes and units as the vital signs', () => {
    for (const [name, { loinc, unit }] of Object.entries(VITALS)) {
      const item = loincItem(loinc);
      expect(item, name).toBeDefined();
      expect(item?.unit, name).toBe(unit);
      expect(item?.vital, name).toBe(name);
      expect(item?.category).toBe('vital-signs');
    }
    for (const item of loincItems('vital-signs')) expect(VITALS[item.vital as keyof typeof VITALS]?.loinc, item.code).toBe(item.code);
  });

  it('gives quantities a known UCUM unit and coded items an answer list', () => {
    for (const item of items) {
      if (item.valueType === 'quantity') {
        expect(item.unit, item.code).toBeDefined();
        for (const unit of [item.unit, ...(item.altUnits ?? [])]) expect(ucumUnit(unit as string), `${item.code} ${unit}`).toBeDefined();
        expect(item.answerList, item.code).toBeUndefined();
      } else {
        expect(loincAnswers(item.code).length, item.code).toBeGreaterThan(1);
        expect(item.unit, item.code).toBeUndefined();
      }
      const range = item.referenceRange;
      for (const band of [range, range?.female, range?.male]) {
        if (band?.low !== undefined && band.high !== undefined) expect(band.low, item.code).toBeLessThan(band.high);
      }
      expect(item.abbreviations.length, item.code).toBeGreaterThan(0);
    }
  });

  it.each(REQUIRED)('has every label, category and answer in %s', (lng) => {
    const file = LOINC_TRANSLATIONS[lng];
    for (const item of items) expect(textOf(file, 'labels', item.code), `${lng} ${item.code}`).toMatch(/\S/);
    for (const category of LOINC_CATEGORIES) expect(textOf(file, 'categories', category), `${lng} ${category}`).toMatch(/\S/);
    for (const answer of new Set(items.flatMap((item) => loincAnswers(item.code).map((a) => a.code)))) {
      expect(textOf(file, 'answers', answer), `${lng} ${answer}`).toMatch(/\S/);
    }
  });

  it('finds items by label or abbreviation in any language, without case or accents', () => {
    const codes = (text: string, unit?: string) => findLoincByName(text, unit === undefined ? {} : { unit }).map((item) => item.code);
    expect(codes('Hb')).toEqual(['718-7']);
    expect(codes('HGB')).toEqual(['718-7']);
    expect(codes('haemoglobin')).toEqual(['718-7']);
    expect(codes('Hemoglobin')).toEqual(['718-7']);
    expect(codes('ΑΙΜΟΣΦΑΙΡΙΝΗ')).toEqual(['718-7']);
    expect(codes('hémoglobine')).toEqual(['718-7']);
    expect(codes('هموگلوبین')).toEqual(['718-7']);
    expect(codes('WBC')).toEqual(['6690-2']);
    expect(codes('Λευκά αιμοσφαίρια')).toEqual(['6690-2']);
    expect(codes('SGPT')).toEqual(['1742-6']);
    expect(codes('Pulse')).toEqual(['8867-4']);
    expect(codes('FPG')).toEqual(['1558-6', '14771-0']);
    expect(codes('FPG', 'mmol/l')).toEqual(['14771-0']);
    expect(codes('Creatinine', 'µmol/L')).toEqual(['14682-9']);
    expect(codes('Neutrophils', '%')).toEqual(['770-8']);
    expect(codes('Neutrophils', '10^9/L')).toEqual(['751-8']);
    expect(codes('nothing like a lab test')).toEqual([]);
  });

  it('normalises text the way search and OCR compare it', () => {
    expect(normalizeSearchText('Ηπατίτιδα  Β.')).toBe('ηπατιτιδα b');
    expect(normalizeSearchText('Хепатитис Б')).toBe('хепатитис b');
    expect(normalizeSearchText('ΟΞΕΙΑ ΒΡΟΓΧΙΤΙΔΑ')).toBe(normalizeSearchText('Οξεία βρογχίτιδα'));
    expect(normalizeSearchText('الْإِنْفْلُوَنْزَا')).toBe(normalizeSearchText('الانفلونزا'));
    expect(normalizeSearchText('کم‌خونی')).toBe(normalizeSearchText('كمخوني'));
    expect(normalizeSearchText('۱۲٣')).toBe('123');
  });
});

describe('vaccines', () => {
  const products = cvxProducts();

  it('cover the antigens of European schedules', () => {
    for (const antigen of [
      'measles', 'mumps', 'rubella', 'varicella', 'diphtheria', 'tetanus', 'pertussis', 'polio', 'hib', 'hepatitis-b', 'hepatitis-a', 'pneumococcal',
      'meningococcal-c', 'meningococcal-acwy', 'meningococcal-b', 'hpv', 'rotavirus', 'tuberculosis', 'influenza', 'covid-19', 'typhoid', 'yellow-fever',
      'rabies', 'cholera',
    ]) {
      expect(vaccine(antigen)?.products.length, antigen).toBeGreaterThan(0);
    }
    expect(vaccine('smallpox')).toBeUndefined();
  });

  it('have well-formed, unique CVX codes mapped to known antigens', () => {
    const codes = products.map((product) => product.cvx);
    expect(new Set(codes).size).toBe(codes.length);
    for (const product of products) {
      expect(CvxCodeSchema.safeParse(product.cvx).success, product.cvx).toBe(true);
      expect(product.antigens.length, product.cvx).toBeGreaterThan(0);
      for (const antigen of product.antigens) expect(VACCINE_ANTIGENS, product.cvx).toContain(antigen);
    }
  });

  it.each([
    ['03', ['measles', 'mumps', 'rubella']],
    ['94', ['measles', 'mumps', 'rubella', 'varicella']],
    ['146', ['diphtheria', 'tetanus', 'pertussis', 'polio', 'hib', 'hepatitis-b']],
    ['139', ['tetanus', 'diphtheria']],
    ['113', ['tetanus', 'diphtheria']],
    ['138', ['tetanus', 'diphtheria']],
    ['115', ['tetanus', 'diphtheria', 'pertussis']],
    ['10', ['polio']],
    ['02', ['polio']],
    ['182', ['polio']],
    ['19', ['tuberculosis']],
    ['43', ['hepatitis-b']],
    ['08', ['hepatitis-b']],
    ['165', ['hpv']],
    ['133', ['pneumococcal']],
    ['215', ['pneumococcal']],
    ['216', ['pneumococcal']],
    ['114', ['meningococcal-acwy']],
    ['136', ['meningococcal-acwy']],
    ['147', ['meningococcal-acwy']],
    ['21', ['varicella']],
    ['116', ['rotavirus']],
    ['119', ['rotavirus']],
    ['208', ['covid-19']],
  ])('maps CVX %s to %j', (cvx, antigens) => {
    expect([...(cvxProduct(cvx)?.antigens ?? [])].sort()).toEqual([...antigens].sort());
  });

  it('accept CVX codes without their leading zero', () => {
    expect(cvxProduct('3')?.abbreviation).toBe('MMR');
    expect(cvxProduct('999')).toBeUndefined();
  });

  it.each(REQUIRED)('have every antigen and formulation in %s', (lng) => {
    const file = VACCINE_TRANSLATIONS[lng];
    for (const antigen of VACCINE_ANTIGENS) expect(textOf(file, 'antigens', antigen), `${lng} ${antigen}`).toMatch(/\S/);
    for (const formulation of ['adult', 'paediatric', 'unspecified']) expect(textOf(file, 'formulations', formulation), `${lng} ${formulation}`).toMatch(/\S/);
    for (const product of products) expect(cvxProductLabel(product.cvx, lng), product.cvx).toMatch(/\S/);
  });

  it('name products from their abbreviation, formulation and antigens in the language asked for', () => {
    expect(cvxProductLabel('03', 'en')).toBe('MMR – Measles, Mumps, Rubella');
    expect(cvxProductLabel('43', 'el')).toBe('HepB (ενηλίκων) – Ηπατίτιδα B');
    expect(cvxProductLabel('43', 'ar')).toBe('HepB (للبالغين) – التهاب الكبد B');
    expect(antigenLabel('measles', 'ar')).toBe('الحصبة');
  });
});

describe('UCUM units', () => {
  it('include every unit the LOINC items use, shown per language', () => {
    expect(ucumDisplay('/min', 'en')).toBe('per minute');
    expect(ucumDisplay('/min', 'el')).toBe('ανά λεπτό');
    expect(ucumDisplay('Cel', 'ar')).toBe('°C');
    expect(ucumDisplay('10*9/L', 'en')).toBe('×10⁹/L');
    expect(ucumDisplay('mg/L', 'en')).toBe('mg/L');
  });

  it.each(REQUIRED)('have a display for every unit in %s', (lng) => {
    for (const unit of ucumUnits()) {
      const display = textOf(UCUM_TRANSLATIONS[lng], 'units', unit.code);
      expect(display, `${lng} ${unit.code}`).toBeDefined();
      if (!unit.unitless) expect(display, `${lng} ${unit.code}`).toMatch(/\S/);
    }
  });
});

describe('ICD-10 list', () => {
  const entries = icd10Entries();

  it('has about 300 well-formed, unique codes, each in a report group', () => {
    expect(entries.length).toBeGreaterThanOrEqual(280);
    expect(entries.length).toBeLessThanOrEqual(400);
    const codes = entries.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of entries) {
      expect(Icd10CodeSchema.safeParse(entry.code).success, entry.code).toBe(true);
      expect(ICD10_GROUPS, entry.code).toContain(entry.group);
    }
    for (const group of ICD10_GROUPS) expect(icd10Entries(group).length, group).toBeGreaterThan(0);
  });

  it('includes the codes migrant health assessments use most', () => {
    for (const code of ['A15.0', 'Z22.7', 'B86', 'B85.0', 'B18.1', 'B18.2', 'Z21', 'B54', 'B82.9', 'L01.0', 'I10', 'E11.9', 'J45.9', 'J44.9', 'G40.9', 'N18.9']) {
      expect(icd10Label(code, 'en'), code).toBeDefined();
    }
    for (const code of ['K02.9', 'E43', 'D50.9', 'F43.1', 'F32.9', 'F41.1', 'F43.0', 'F51.0', 'F10.2', 'T74.1', 'T30.2', 'T33.9', 'S92.0', 'O24.4', 'Z33', 'Z34.9']) {
      expect(icd10Label(code, 'en'), code).toBeDefined();
    }
    for (const code of ['Z36.9', 'Z59.0', 'Z60.3', 'Z65.4', 'Z65.5', 'Z20.1', 'Z20.8', 'Z23.5', 'Z11.1', 'Z11.4', 'U07.1']) expect(icd10Label(code, 'en'), code).toBeDefined();
  });

  it.each(REQUIRED)('has every label and group in %s', (lng) => {
    const file = ICD10_TRANSLATIONS[lng];
    for (const entry of entries) expect(textOf(file, 'labels', entry.code), `${lng} ${entry.code}`).toMatch(/\S/);
    for (const group of ICD10_GROUPS) expect(textOf(file, 'groups', group), `${lng} ${group}`).toMatch(/\S/);
  });

  it('accepts any well-formed code and names it by the code or its category', () => {
    expect(isIcd10Code('Z20.82')).toBe(true);
    expect(isIcd10Code('Z2')).toBe(false);
    expect(normalizeIcd10(' j459 ')).toBe('J45.9');
    expect(normalizeIcd10('b86')).toBe('B86');
    expect(normalizeIcd10('hello')).toBeUndefined();
    expect(icd10Label('J45.9', 'el')).toBe('Άσθμα');
    expect(icd10Lookup('B07.0', 'en')).toMatchObject({ code: 'B07', label: 'Viral warts', match: 'category' });
    expect(icd10Lookup('B86', 'ar')).toMatchObject({ label: 'الجرب', match: 'exact', group: 'skin-infection' });
    expect(icd10Label('F43.8', 'en')).toBeUndefined();
    expect(icd10Label('not a code', 'en')).toBeUndefined();
  });

  it('is searched by code prefix or by the words of a label', () => {
    const codes = (text: string, lng: Parameters<typeof icd10Search>[1]) => icd10Search(text, lng).map((match) => match.code);
    expect(codes('J45', 'en')).toEqual(['J45.0', 'J45.9']);
    expect(codes('j45.9', 'en')).toEqual(['J45.9']);
    expect(codes('scab', 'en')[0]).toBe('B86');
    expect(codes('scabies', 'el')[0]).toBe('B86');
    expect(codes('ψωρα', 'el')[0]).toBe('B86');
    expect(codes('جرب', 'ar')).toContain('B86');
    expect(codes('hepatitis b', 'en')).toEqual(expect.arrayContaining(['B16.9', 'B18.1', 'B18.0']));
    expect(codes('ηπατίτιδα β', 'el')).toEqual(expect.arrayContaining(['B16.9', 'B18.1']));
    expect(codes('ηπατίτιδα χρόνια', 'el')).toEqual(expect.arrayContaining(['B18.1', 'B18.2']));
    expect(icd10Search('asthma', 'fr')[0]).toMatchObject({ code: 'J45.9', label: 'Asthme' });
    expect(codes('', 'en')).toEqual([]);
  });
});

describe('designations', () => {
  it('come from every set and fall back to English', () => {
    expect(designation('loinc', '718-7', 'el')).toBe('Αιμοσφαιρίνη');
    expect(designation('loinc-category', 'hematology', 'en')).toBe('Haematology');
    expect(designation('loinc-answer', 'positive', 'ar')).toBe('إيجابي');
    expect(designation('vaccine', 'measles', 'el')).toBe('Ιλαρά');
    expect(designation('cvx', '19', 'en')).toBe('BCG – Tuberculosis (BCG)');
    expect(designation('ucum', 'mm[Hg]', 'ar')).toBe('ملم زئبق');
    expect(designation('icd10', 'F43.1', 'en')).toBe('Post-traumatic stress disorder (PTSD)');
    expect(designation('icd10-group', 'mental-health', 'el')).toBe('Ψυχική υγεία και χρήση ουσιών');
    expect(designation('icd10', 'XYZ', 'en')).toBeUndefined();
    expect(designation('loinc-category', 'nope', 'en')).toBeUndefined();
  });

  it('fall back to English for a language without a translation, and derive Serbian Latin from Cyrillic', () => {
    for (const lng of BASE_LANGUAGES) expect(designation('icd10', 'B86', lng), lng).toMatch(/\S/);
    const missing = BASE_LANGUAGES.find((lng) => textOf(ICD10_TRANSLATIONS[lng], 'labels', 'Z89.9') === undefined);
    if (missing) expect(designation('icd10', 'Z89.9', missing)).toBe(designation('icd10', 'Z89.9', 'en'));
    const serbian = textOf(VACCINE_TRANSLATIONS.sr, 'antigens', 'measles');
    expect(designation('vaccine', 'measles', 'sr-Latn')).toBe(serbian === undefined ? 'Measles' : designation('vaccine', 'measles', 'sr-Latn'));
    if (serbian !== undefined) expect(designation('vaccine', 'measles', 'sr-Latn')).not.toMatch(/[\u0400-\u04ff]/);
  });

  it('are complete in English, Greek and Arabic; the table shows every language', () => {
    const rows = valueSetCompleteness();
    const table: Record<string, Record<string, string>> = {};
    for (const row of rows) (table[row.language] ??= {})[row.set] = row.translated === row.total ? 'complete' : `${row.translated}/${row.total}`;
    const complete = BASE_LANGUAGES.filter((lng) => rows.filter((row) => row.language === lng).every((row) => row.translated === row.total));
    console.log('Value set translations (sr-Latn is derived from sr):');
    console.table(table);
    console.log(`Complete: ${complete.join(', ')}`);
    for (const lng of REQUIRED) expect(complete, lng).toContain(lng);
  });
});
