// electron-updater's generic provider, with Carnet's release signature checked first: it fetches
// latest*.yml and latest*.yml.sig, verifies the signature on the raw bytes with the release keys the
// app ships, refuses a downgrade, and only then hands electron-updater the (re-validated) metadata.
// Nothing unsigned or tampered reaches electron-updater's version comparison or its downloader.
import type { CustomPublishOptions } from 'builder-util-runtime';
import type { OutgoingHttpHeaders } from 'node:http';
import { Provider, type AppUpdater } from 'electron-updater';
import { resolveFiles, type ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import { AppError } from '../src/api/errors.ts';
import type { UpdateInfo } from '../src/release/metadata.ts';
import { SIGNATURE_SUFFIX, type TrustedKey } from '../src/release/signature.ts';
import { verifyUpdateMetadata } from '../src/release/verify.ts';

export interface SignedFeedOptions extends CustomPublishOptions {
  readonly provider: 'custom';
  readonly url: string;
  readonly trustedKeys: readonly TrustedKey[];
  readonly currentVersion: string;
  /** Told the metadata that passed, so the service shows exactly what was verified. */
  readonly onVerified: (info: UpdateInfo) => void;
}

// electron-updater's own UpdateInfo type (builder-util-runtime); ours is a strict subset of it.
type RuntimeUpdateInfo = Parameters<Provider<never>['resolveFiles']>[0];

export class SignedFeedProvider extends Provider<RuntimeUpdateInfo> {
  private readonly baseUrl: URL;
  private readonly options: SignedFeedOptions;

  // electron-updater constructs it from the options given to setFeedURL (see update-engine.ts).
  constructor(options: CustomPublishOptions, _updater: AppUpdater, runtimeOptions: ProviderRuntimeOptions) {
    super(runtimeOptions);
    this.options = options as SignedFeedOptions;
    this.baseUrl = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  }

  /**
   * electron-updater adds a per-installation id (`x-user-staging-id`) to every feed request for
   * staged roll-outs. Carnet does not stage, and a health centre's machine is not to be tracked.
   */
  override setRequestHeaders(value: OutgoingHttpHeaders | null): void {
    if (value === null) return super.setRequestHeaders(null);
    const { 'x-user-staging-id': _dropped, ...rest } = value;
    super.setRequestHeaders(rest);
  }

  private url(file: string): URL {
    const url = new URL(file, this.baseUrl);
    url.search = `noCache=${Date.now().toString(32)}`;
    return url;
  }

  private async fetchText(file: string): Promise<string | null> {
    try {
      return await this.httpRequest(this.url(file));
    } catch (error) {
      // builder-util-runtime's HttpError, matched by its status rather than by class.
      if ((error as { statusCode?: unknown }).statusCode === 404) return null;
      throw error;
    }
  }

  async getLatestVersion(): Promise<RuntimeUpdateInfo> {
    const file = `${this.getDefaultChannelName()}.yml`;
    const [content, signature] = await Promise.all([this.fetchText(file), this.fetchText(`${file}${SIGNATURE_SUFFIX}`)]);
    if (content === null) throw new AppError('UPDATE_FEED_UNREACHABLE', { reason: 'no-metadata' });
    const info = verifyUpdateMetadata({
      file,
      content: Buffer.from(content, 'utf8'),
      signature,
      trustedKeys: this.options.trustedKeys,
      currentVersion: this.options.currentVersion,
    });
    this.options.onVerified(info);
    return info as RuntimeUpdateInfo;
  }

  resolveFiles(info: RuntimeUpdateInfo) {
    return resolveFiles(info, this.baseUrl);
  }
}
