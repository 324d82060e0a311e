// THE contract between the UI and the core: every method's input and output schema. Both transports
// (Electron IPC, browser-mode HTTP/WebSocket), the host and the renderer's client derive their types
// from this one table.
import { z } from './zod.ts';
import type { EventName, MethodName } from './methods.ts';
import { LANGUAGE_CODES, UI_LANGUAGE_CODES } from '../i18n/languages.ts';

const NoInput = z.object({}).strict();

export const UiLanguageSchema = z.enum(UI_LANGUAGE_CODES);
export const LanguageCodeSchema = z.enum(LANGUAGE_CODES);

export const SettingsSchema = z
  .object({
    /** null: follow the system's preferred languages. */
    uiLanguage: UiLanguageSchema.nullable(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const AppInfoSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    /** Which transport this UI is served over. */
    mode: z.enum(['electron', 'browser', 'cli']),
    languages: z.array(
      z
        .object({
          code: LanguageCodeSchema,
          nativeName: z.string(),
          dir: z.enum(['ltr', 'rtl']),
          ui: z.boolean(),
        })
        .strict(),
    ),
    /** Whether an encrypted store exists in the data folder (set up by the site admin). */
    storeReady: z.boolean(),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfoSchema>;

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const CONTRACT = {
  'app.info': { input: NoInput, output: AppInfoSchema },
  'settings.get': { input: NoInput, output: SettingsSchema },
  'settings.set': { input: SettingsPatchSchema, output: SettingsSchema },
} as const satisfies Record<MethodName, MethodSpec>;

export const EVENTS = {
  'settings:changed': SettingsSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type Contract = typeof CONTRACT;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
