import type { Session, WebContents, WebFrameMain } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';

/** Deny every permission (camera, notifications, geolocation, ...) and put the CSP on every response. */
export function installSessionPolicy(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** No navigation away from the app, no new windows, no webviews: for every web contents created. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * IPC is answered only for the top frame of a page from the app itself (or the Vite dev server while
 * developing). A null frame is a frame that navigated or was destroyed in the meantime.
 */
export function isTrustedSender(frame: WebFrameMain | null | undefined, devServerUrl?: string): boolean {
  if (!frame || frame.parent !== null) return false;
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = url.protocol === 'carnet:' ? `${url.protocol}//${url.host}` : url.origin;
  } catch {
    return false;
  }
  if (origin === APP_ORIGIN) return true;
  if (devServerUrl) {
    try {
      return origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}
