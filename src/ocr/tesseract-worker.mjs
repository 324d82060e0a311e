// The thread Tesseract runs in: tesseract.js's own Node worker script (given to createWorker as
// `workerPath`), with two things it lacks.
//  1. No network, whatever a setting says. The language data is read from the app's resources; if a
//     path were ever wrong, tesseract.js's fallback is a CDN, and a request there would tell the
//     world that this machine is reading a patient's document. Attempts are refused and reported to
//     the engine (message `{ carnet: 'network-refused', what }`), which counts them.
//  2. A thread whose start-up failed ends itself. When a language fails to load, createWorker never
//     settles and hands back no handle to the thread, so the engine cannot terminate it: the thread
//     exits on a failed start-up step, or when the engine gives up waiting (BroadcastChannel
//     'carnet-ocr-abandon-start': every thread still starting in this process exits).
// Plain JavaScript: worker threads load this file directly, also in the packaged app.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { BroadcastChannel, parentPort } from 'node:worker_threads';

function refuse(what) {
  parentPort.postMessage({ carnet: 'network-refused', what });
  return new Error(`The OCR worker never uses the network (${what} refused)`);
}

// tesseract.js's scripts take these from the CommonJS module objects, patched here before they load.
globalThis.fetch = async () => {
  throw refuse('fetch');
};
for (const [name, mod] of [
  ['http', http],
  ['https', https],
]) {
  mod.request = () => {
    throw refuse(`${name}.request`);
  };
  mod.get = mod.request;
}
net.connect = () => {
  throw refuse('net.connect');
};
net.createConnection = net.connect;
tls.connect = () => {
  throw refuse('tls.connect');
};
dns.lookup = (_host, options, callback) => {
  const cb = typeof options === 'function' ? options : callback;
  const error = refuse('dns.lookup');
  if (typeof cb === 'function') process.nextTick(() => cb(error));
};
dns.promises.lookup = async () => {
  throw refuse('dns.lookup');
};

const STARTUP_ACTIONS = new Set(['load', 'loadLanguage', 'initialize']);
let started = false;
const abandon = new BroadcastChannel('carnet-ocr-abandon-start');
abandon.onmessage = () => {
  if (!started) process.exit(1);
};
abandon.unref();

const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message) => {
  post(message);
  if (message?.action === 'initialize' && message.status === 'resolve') {
    started = true;
    abandon.close();
  } else if (!started && message?.status === 'reject' && STARTUP_ACTIONS.has(message.action)) {
    // Let the rejection reach the engine first.
    setImmediate(() => process.exit(1));
  }
};

await import('tesseract.js/src/worker-script/node/index.js');
