// Vaccines: the antigens of European schedules, and the CVX codes (CDC) of common products mapped to
// the antigens they cover. A record stores the antigen for every vaccination and the CVX code where
// the product is known; a product's name in any language is composed from its abbreviation, its
// formulation and its antigens, so only antigens and formulations need translating.
import data from '../../../resources/value-sets/vaccines.json' with { type: 'json' };
import ar from '../../../resources/value-sets/i18n/ar/vaccines.json' with { type: 'json' };
import bg from '../../../resources/value-sets/i18n/bg/vaccines.json' with { type: 'json' };
import el from '../../../resources/value-sets/i18n/el/vaccines.json' with { type: 'json' };
import en from '../../../resources/value-sets/i18n/en/vaccines.json' with { type: 'json' };
import fa from '../../../resources/value-sets/i18n/fa/vaccines.json' with { type: 'json' };
import fr from '../../../resources/value-sets/i18n/fr/vaccines.json' with { type: 'json' };
import hr from '../../../resources/value-sets/i18n/hr/vaccines.json' with { type: 'json' };
import it from '../../../resources/value-sets/i18n/it/vaccines.json' with { type: 'json' };
import ps from '../../../resources/value-sets/i18n/ps/vaccines.json' with { type: 'json' };
import ro from '../../../resources/value-sets/i18n/ro/vaccines.json' with { type: 'json' };
import sl from '../../../resources/value-sets/i18n/sl/vaccines.json' with { type: 'json' };
import sr from '../../../resources/value-sets/i18n/sr/vaccines.json' with { type: 'json' };
import ur from '../../../resources/value-sets/i18n/ur/vaccines.json' with { type: 'json' };
import type { LanguageCode } from '../../i18n/languages.ts';
import { localized, translationStatus, type BaseLanguage, type TranslationFile } from './loinc.ts';

export interface VaccineProduct {
  /** CVX code as CDC writes it: "03", "146". */
  cvx: string;
  /** Language-neutral short name: MMR, DTaP-IPV-Hib-HepB, PCV13, Comirnaty (Pfizer-BioNTech) 30 µg. */
  abbreviation: string;
  antigens: string[];
  formulation?: 'adult' | 'paediatric' | 'unspecified';
  /** CDC's short description, in English. */
  description: string;
}

export interface Vaccine {
  antigen: string;
  /** The products that protect against this antigen, in the order of the value set. */
  products: VaccineProduct[];
}

interface VaccineData {
  antigens: string[];
  formulations: string[];
  products: VaccineProduct[];
}

const DATA = data as unknown as VaccineData;
const PRODUCTS: readonly VaccineProduct[] = DATA.products;
const BY_CVX = new Map(PRODUCTS.map((product) => [product.cvx, product]));

export const VACCINE_ANTIGENS: readonly string[] = DATA.antigens;
export const VACCINE_TRANSLATIONS: Readonly<Record<BaseLanguage, TranslationFile>> = { ar, bg, el, en, fa, fr, hr, it, ps, ro, sl, sr, ur };

/** CVX codes below 10 are written with a leading zero ("3" is "03"). */
export function normalizeCvx(code: string): string {
  const trimmed = code.trim();
  return /^\d$/.test(trimmed) ? `0${trimmed}` : trimmed;
}

export function vaccine(antigen: string): Vaccine | undefined {
  if (!VACCINE_ANTIGENS.includes(antigen)) return undefined;
  return { antigen, products: PRODUCTS.filter((product) => product.antigens.includes(antigen)) };
}

export function cvxProduct(code: string): VaccineProduct | undefined {
  return BY_CVX.get(normalizeCvx(code));
}

export function cvxProducts(antigen?: string): VaccineProduct[] {
  return PRODUCTS.filter((product) => antigen === undefined || product.antigens.includes(antigen));
}

export function antigenLabel(antigen: string, lng: LanguageCode): string | undefined {
  return localized(VACCINE_TRANSLATIONS, 'antigens', antigen, lng);
}

/** "HepB (adult) – Hepatitis B", "MMR – Measles, Mumps, Rubella", in the language asked for. */
export function cvxProductLabel(code: string, lng: LanguageCode): string | undefined {
  const product = cvxProduct(code);
  if (!product) return undefined;
  const formulation = product.formulation ? localized(VACCINE_TRANSLATIONS, 'formulations', product.formulation, lng) : undefined;
  const separator = lng === 'ar' || lng === 'fa' || lng === 'ur' || lng === 'ps' ? '، ' : ', ';
  const antigens = product.antigens.map((antigen) => antigenLabel(antigen, lng) ?? antigen).join(separator);
  return `${product.abbreviation}${formulation ? ` (${formulation})` : ''} – ${antigens}`;
}

export function vaccineTranslationStatus(lng: BaseLanguage) {
  return translationStatus(VACCINE_TRANSLATIONS[lng], { antigens: DATA.antigens, formulations: DATA.formulations });
}
