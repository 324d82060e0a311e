import type { Session, WebContents, WebFrameMain } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';

/** Whether a request is the app's own page asking for the camera alone (to read a booklet's QR code). */
export function isCameraOnly(permission: string, details: { mediaTypes?: readonly string[]; requestingUrl?: string }): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  if (types.length === 0 || types.some((t) => t !== 'video')) return false;
  return (details.requestingUrl ?? '').startsWith(`${APP_ORIGIN}/`);
}

/**
 * Deny every permission (microphone, notifications, geolocation, ...) except the camera for the app's
 * own page, and put the CSP on every response.
 */
export function installSessionPolicy(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isCameraOnly(permission, details as { mediaTypes?: string[]; requestingUrl?: string })));
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
