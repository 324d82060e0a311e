// The name-matching core: normalisation and transliteration on clear cases, the index keys, and
// search recall and the duplicate decision measured on a fixture of real spelling variation.
import { describe, expect, it } from 'vitest';
import {
  NAME_MATCH_THRESHOLD,
  detectScript,
  nameSearchKeys,
  nameSimilarity,
  normalizeName,
  rankCandidates,
  transliterate,
} from '../../src/domain/names/index.ts';
import { encodeLatin, soundsToString, Spelling } from '../../src/domain/names/phonetic.ts';
import { HARD_NEGATIVES, NAME_VARIANT_PAIRS, type VariantKind } from '../fixtures/name-variants.ts';

const shareKey = (a: string, b: string): boolean => {
  const ka = new Set(nameSearchKeys(a));
  return nameSearchKeys(b).some((k) => ka.has(k));
};

describe('script detection', () => {
  it.each([
    ['Mohammed Al-Hassan', 'Latn'],
    ['محمد الحسن', 'Arab'],
    ['محمدرضا احمدی', 'Arab'],
    ['Мухамед Хасановић', 'Cyrl'],
    ['Μοχάμεντ Αλί', 'Grek'],
    ['ተስፋይ ገብረሂወት', 'Ethi'],
    ['নুসরাত জাহান', 'Beng'],
    ['मोहम्मद', 'Deva'],
    ['محمد Ali', 'Arab'],
    ['李明', 'Other'],
    ['123 -', 'Other'],
  ])('finds the script of %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });
});

describe('normalisation in the original script', () => {
  it.each([
    ['  Àlî  Ahmèd-Shah ', 'ali ahmed shah'],
    ['İbrahim ŞAHİN', 'ibrahim sahin'],
    ['فاطِمَة الزَّهْراء', 'فاطمه الزهرا'],
    ['محـــمد', 'محمد'],
    ['أحمد إبراهيم آدم', 'احمد ابراهيم ادم'],
    ['علی کریمی', 'علي كريمي'],
    ['مصطفى', 'مصطفي'],
    ['ګل احمد', 'گل احمد'],
    ['١٢٣ محمد', '123 محمد'],
    ['ﷲ', 'الله'],
    ['Сергій Йосипович', 'сергій йосипович'],
    ['ＡＨＭＡＤ', 'ahmad'],
  ])('normalises %j to %j', (input, output) => {
    expect(normalizeName(input)).toBe(output);
  });

  it('gives one string for the same name typed on Arabic and Persian keyboards', () => {
    expect(normalizeName('علي كريمي')).toBe(normalizeName('علی کریمی'));
    expect(normalizeName('فاطمة')).toBe(normalizeName('فاطمه'));
  });
});

describe('transliteration', () => {
  it.each([
    // Arabic script: long vowels only; و and ي as consonant or vowel by position.
    ['محمد', 'mhmd'],
    ['يوسف', 'yusf'],
    ['داوود', 'dawud'],
    ['ليلى', 'lila'],
    ['فاطمة', 'fatma'],
    ['إبراهيم', 'ibrahim'],
    ['حسين', 'hsin'],
    ['عبد الرحمن', "'bd al-rhmn"],
    ['عبدالرحمن', "'bd al-rhmn"],
    ['حبیب‌الله', 'hbib al-lh'],
    ['عمرو', "'mr"],
    // Persian, Pashto and Urdu letters; ض said z in a Persian name.
    ['محمدرضا احمدی', 'mhmdrza ahmdi'],
    ['ځدران', 'zdran'],
    ['وږمه خټک', 'wzhmh khtk'],
    ['چوہدری', 'chuhdri'],
    // Cyrillic by the conventions of the name: Ukrainian г is h, Serbian ј is y.
    ['Олександр Коваленко', 'oleksandr kovalenko'],
    ['Сергій', 'serhiy'],
    ['Сергей', 'sergey'],
    ['Џамал Јусуф', 'dzhamal yusuf'],
    ['Щербаков', 'shcherbakov'],
    // Greek as clerks write foreign names: μπ b, ντ d, τζ j, γι y, a diaeresis splits a digraph.
    ['Μοχάμεντ', 'mochamed'],
    ['Γιούσεφ', 'yusef'],
    ['Μπασίρ', 'basir'],
    ['Τζαμάλ', 'jamal'],
    ['Χουσεΐν', 'chusein'],
    ['Ζεϊνάμπ', 'zeinab'],
    // Ethiopic and Bengali through any-ascii.
    ['ሰላም ተስፋይ', 'selam tesfay'],
    ['নুসরাত জাহান', 'nusrat jahan'],
    // Latin: marks dropped, letters with a sound of their own kept apart, Turkish c.
    ['Hüseyin Çelik', 'huseyin chelik'],
    ['Džamal Hodžić', 'dzhamal hodzhich'],
    ['Cemal Aydın', 'jemal aydin'],
  ])('writes %s as %s', (input, output) => {
    expect(transliterate(input)).toBe(output);
  });
});

describe('sound symbols', () => {
  it.each([
    ['mohammed', Spelling.Full, 'mohamed'], // doubled letters are one sound
    ['khalid', Spelling.Full, 'Kalid'], // kh is one symbol
    ['chalid', Spelling.Full, 'Xalid'], // a Latin ch: ch, sh or kh
    ['shevchenko', Spelling.Full, 'SewXenko'],
    ['yousef', Spelling.Full, 'yusef'], // ou is u
    ['saad', Spelling.Full, "sa'd"], // aa stands for an ayn
    ['dzhamal', Spelling.Full, 'jamal'],
    ['hwa', Spelling.NoShortVowels, 'hwa'], // from Arabic script, w stays a consonant
    ['sarif', Spelling.Greek, '$arif'], // Greek σ: s or sh
  ] as const)('spells %s as %s', (latin, spelling, sounds) => {
    expect(soundsToString(encodeLatin(latin, spelling))).toBe(sounds);
  });
});

describe('index keys', () => {
  it('give the same skeleton to Mohammed in every script and spelling', () => {
    for (const spelling of ['Mohammed', 'Muhammad', 'Mohamad', 'Mehmet', 'محمد', 'Мухамед', 'Μοχάμεντ', 'মোহাম্মদ']) {
      expect(nameSearchKeys(spelling), spelling).toContain('MHMT');
    }
    for (const spelling of ['Khalid', 'Chalid', 'Xalid', 'Halid', 'خالد', 'Халид', 'Χαλίντ']) {
      expect(nameSearchKeys(spelling), spelling).toContain('HLT');
    }
  });

  it('let compounds written apart and together find each other', () => {
    expect(shareKey('Mohammad Reza', 'Mohammadreza')).toBe(true);
    expect(shareKey('Mohammadreza', 'محمدرضا')).toBe(true);
    for (const spelling of ['Abdulrahman', 'Abd al-Rahman', 'Abdurrahman', 'Abderrahmane', 'عبد الرحمن', 'عبدالرحمن']) {
      expect(shareKey('Abdul Rahman', spelling), spelling).toBe(true);
    }
    expect(shareKey('Salahuddin', 'صلاح الدين')).toBe(true);
    expect(shareKey('Habibullah', 'Habib Ullah')).toBe(true);
  });

  it('leave articles out, and keep both readings of a word that may begin with one', () => {
    const keys = nameSearchKeys('Omar Al-Hassan');
    expect(keys).not.toContain('al');
    expect(keys).toContain('hassan');
    expect(shareKey('Alhassan', 'Al Hassan')).toBe(true);
    expect(shareKey('Elham', 'الهام')).toBe(true);
  });

  it('are lower case Latin forms for prefix search and upper case skeletons', () => {
    for (const k of nameSearchKeys('Fatima Zahra Al-Hassan')) expect(k).toMatch(/^([a-z]+|[A-Z]+)$/);
  });

  it('share a key for nearly every pair of the fixture', () => {
    const misses = NAME_VARIANT_PAIRS.filter((p) => !shareKey(p.a, p.b));
    const rate = 1 - misses.length / NAME_VARIANT_PAIRS.length;
    console.log(`index keys shared by ${(rate * 100).toFixed(1)}% of ${NAME_VARIANT_PAIRS.length} same-person pairs; missed: ${misses.map((p) => `${p.a} / ${p.b}`).join('; ') || 'none'}`);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});

describe('name similarity', () => {
  it('is 1 for the same name, 0 for nothing, symmetric and blind to token order', () => {
    expect(nameSimilarity('Ahmad Karimi', 'Ahmad Karimi')).toBe(1);
    expect(nameSimilarity('', 'Ahmad')).toBe(0);
    expect(nameSimilarity('Ahmad Karimi', 'KARIMI, Ahmad')).toBe(1);
    for (const [a, b] of [
      ['Mohammad Al-Hassan', 'محمد الحسن'],
      ['Fatima Hassan', 'Fatima Hussein'],
      ['Ahmad Mohammad Al-Ali', 'Ahmad Al-Ali'],
    ] as const) {
      expect(nameSimilarity(a, b)).toBeCloseTo(nameSimilarity(b, a), 10);
      expect(nameSimilarity(a, b)).toBeGreaterThanOrEqual(0);
      expect(nameSimilarity(a, b)).toBeLessThanOrEqual(1);
    }
  });

  it('matches the same name across scripts above the threshold', () => {
    for (const [a, b] of [
      ['Mohammad Al-Hassan', 'محمد الحسن'],
      ['Hussein Jaber', 'Χουσεΐν Τζάμπερ'],
      ['Oleksandr Kovalenko', 'Олександр Коваленко'],
      ['Zahra Rezaei', 'زهرا رضایی'],
      ['Xasan Cabdi', 'Hassan Abdi'],
      ['Ahmet Şahin', 'Ahmed Sahin'],
    ] as const) {
      expect(nameSimilarity(a, b), `${a} / ${b}`).toBeGreaterThanOrEqual(NAME_MATCH_THRESHOLD);
    }
  });

  it('keeps different names that Arabic script tells apart below the threshold', () => {
    for (const [a, b] of [
      ['Ahmad Karimi', 'Ahmad Rahimi'],
      ['Omar Khalil', 'Omar Khalid'],
      ['Fatima Hassan', 'Fatima Hussein'],
      ['Jamal Haddad', 'كمال حداد'],
    ] as const) {
      expect(nameSimilarity(a, b), `${a} / ${b}`).toBeLessThan(NAME_MATCH_THRESHOLD);
    }
  });

  it('scores a spelling variant above a different person with a shared name', () => {
    expect(nameSimilarity('Fatima Hassan', 'فاطمة حسن')).toBeGreaterThan(nameSimilarity('Fatima Hassan', 'فاطمة حسين'));
    expect(nameSimilarity('Mahmoud Ali', 'محمود علي')).toBeGreaterThan(nameSimilarity('Mahmoud Ali', 'محمد علي'));
  });
});

describe('ranking candidates', () => {
  const people = [
    { id: 1, names: ['Ahmad Rahimi'] },
    { id: 2, names: ['Ahmad Karimi', 'احمد کریمی'] },
    { id: 3, names: ['Fatima Karimi'] },
    { id: 4, names: ['Mohammad Karimi'] },
  ];

  it('puts the best match first, with the name that matched', () => {
    const ranked = rankCandidates('Ahmed Kareemi', people, 3, (p) => p.names);
    expect(ranked).toHaveLength(3);
    expect(ranked[0]?.candidate.id).toBe(2);
    expect(people[1]?.names).toContain(ranked[0]?.name);
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? 1);
    expect(ranked[1]?.score).toBeGreaterThanOrEqual(ranked[2]?.score ?? 1);
  });

  it('finds a person from one typed token, and across scripts', () => {
    expect(rankCandidates('Karimi', people, 3, (p) => p.names).map((r) => r.candidate.id)).not.toContain(1);
    expect(rankCandidates('کریمی احمد', people, 1, (p) => p.names)[0]?.candidate.id).toBe(2);
  });

  it('takes plain strings and honours the limit', () => {
    expect(rankCandidates('Ali', ['Ali Ahmadi', 'Aly Ahmadi', 'Omar Ahmadi'], 2)).toHaveLength(2);
    expect(rankCandidates('Ali', ['Ali Ahmadi'], 0)).toEqual([]);
  });
});

describe('the variant fixture', () => {
  it('holds enough pairs of every kind, and hard negatives', () => {
    expect(NAME_VARIANT_PAIRS.length).toBeGreaterThanOrEqual(200);
    expect(HARD_NEGATIVES.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(NAME_VARIANT_PAIRS.map((p) => p.kind));
    for (const kind of ['latin-arabic', 'latin-persian', 'latin-pashto', 'latin-urdu', 'latin-cyrillic', 'latin-greek', 'latin-latin', 'arabic-cyrillic', 'typo'] as VariantKind[]) {
      expect(kinds, kind).toContain(kind);
    }
    for (const p of [...NAME_VARIANT_PAIRS, ...HARD_NEGATIVES]) expect(p.a).not.toBe(p.b);
  });
});

// ---------------------------------------------------------------------------------------------
// Measured on the fixture

const pool = [...new Set([...NAME_VARIANT_PAIRS.flatMap((p) => [p.a, p.b]), ...HARD_NEGATIVES.flatMap((n) => [n.a, n.b])])];

function recall(direction: 'a→b' | 'b→a'): { top10: number; top1: number; misses: string[] } {
  let top10 = 0;
  let top1 = 0;
  const misses: string[] = [];
  for (const p of NAME_VARIANT_PAIRS) {
    const [query, target] = direction === 'a→b' ? [p.a, p.b] : [p.b, p.a];
    // The query itself is in the pool: it does not count against the target.
    const ranked = rankCandidates(query, pool, 11)
      .map((r) => r.candidate)
      .filter((c) => c !== query)
      .slice(0, 10);
    if (ranked.includes(target)) top10++;
    else misses.push(`${query} → ${target}`);
    if (ranked[0] === target) top1++;
  }
  return { top10: top10 / NAME_VARIANT_PAIRS.length, top1: top1 / NAME_VARIANT_PAIRS.length, misses };
}

describe('search recall over the whole fixture pool', () => {
  it.each(['a→b', 'b→a'] as const)('finds the other spelling among the first 10 for nearly every pair, %s', { timeout: 60_000 }, (direction) => {
    const r = recall(direction);
    console.log(
      `search ${direction}: top-10 recall ${(r.top10 * 100).toFixed(1)}%, top-1 ${(r.top1 * 100).toFixed(1)}% ` +
        `(${NAME_VARIANT_PAIRS.length} pairs, pool of ${pool.length} names); missed: ${r.misses.join('; ') || 'none'}`,
    );
    expect(r.top10).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the duplicate decision nameSimilarity >= threshold', () => {
  const positives = NAME_VARIANT_PAIRS.map((p) => nameSimilarity(p.a, p.b));
  const negatives = HARD_NEGATIVES.map((n) => nameSimilarity(n.a, n.b));
  const at = (t: number) => {
    const tp = positives.filter((s) => s >= t).length;
    const fp = negatives.filter((s) => s >= t).length;
    return { recall: tp / positives.length, precision: tp / Math.max(1, tp + fp), fp };
  };

  it('reaches recall ≥ 0.9 at precision ≥ 0.9 at NAME_MATCH_THRESHOLD', () => {
    const lines = [0.75, 0.8, 0.85, 0.88, 0.9].map((t) => {
      const r = at(t);
      return `  t=${t.toFixed(2)}  recall ${r.recall.toFixed(3)}  precision ${r.precision.toFixed(3)}  hard negatives above: ${r.fp}/${negatives.length}`;
    });
    console.log(`duplicate decision, ${positives.length} same-person pairs vs ${negatives.length} hard negatives:\n${lines.join('\n')}`);
    const r = at(NAME_MATCH_THRESHOLD);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('scores most hard negatives below most same-person pairs', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    expect(median(negatives)).toBeLessThan(NAME_MATCH_THRESHOLD);
    expect(median(positives)).toBeGreaterThan(0.9);
  });
});
