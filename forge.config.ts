import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Carnet',
    executableName: 'carnet',
    asar: true,
    extraResource: ['resources', 'locales', 'migrations'],
  },
  rebuildConfig: {},
  makers: [
    new MakerSquirrel({ name: 'Carnet' }),
    new MakerZIP({}, ['linux', 'darwin', 'win32']),
    new MakerDeb({ options: { name: 'carnet', productName: 'Carnet', categories: ['Office', 'Science'] } }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'main/main.ts', config: 'vite.main.config.mts', target: 'main' },
        { entry: 'main/preload.ts', config: 'vite.preload.config.mts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.mts' }],
    }),
    // Lock the binary down: no ELECTRON_RUN_AS_NODE, no --inspect, no NODE_OPTIONS, app only from the
    // ASAR archive, with its integrity checked.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    }),
  ],
};

export default config;
