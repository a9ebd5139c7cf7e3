/** @odoo-module **/
// Offline queue and feedback of the barcode view.
//
// Scans that cannot reach the server are kept in localStorage (per database
// and user) in the order they were made, each with its idempotency key, and
// sent one after the other when the connection returns. The server stores
// every key it has processed, so a resend never books twice.

import { browser } from "@web/core/browser/browser";
import { ConnectionLostError } from "@web/core/network/rpc";

let counter = 0;

export function newScanKey(userId) {
    const random =
        window.crypto && window.crypto.randomUUID
            ? window.crypto.randomUUID()
            : `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    counter += 1;
    return `${userId}-${Date.now().toString(36)}-${counter}-${random}`;
}

export function isConnectionError(error) {
    return error instanceof ConnectionLostError;
}

export class ScanQueue {
    constructor(storageKey) {
        this.storageKey = storageKey;
    }

    load() {
        try {
            return JSON.parse(browser.localStorage.getItem(this.storageKey) || "[]");
        } catch {
            return [];
        }
    }

    save(items) {
        if (items.length) {
            browser.localStorage.setItem(this.storageKey, JSON.stringify(items));
        } else {
            browser.localStorage.removeItem(this.storageKey);
        }
    }

    get length() {
        return this.load().length;
    }

    push(item) {
        const items = this.load();
        items.push(item);
        this.save(items);
        return items.length;
    }

    /**
     * Send the queued scans in order with ``send(item, ctx)``. The scan
     * context is threaded: each scan gets the context the server returned
     * for the previous one (the first keeps the context it was made in).
     * Stops at the first connection error, keeping what is left.
     * @returns {Promise<{results: Array, ctx: Object|null, left: number}>}
     */
    async flush(send) {
        const results = [];
        let ctx = null;
        let items = this.load();
        while (items.length) {
            const item = items[0];
            let result;
            try {
                result = await send(item, ctx ?? item.ctx);
            } catch (error) {
                if (isConnectionError(error)) {
                    break;
                }
                // refused by the server outright (e.g. access): drop it
                result = { ok: false, message: error.data?.message || error.message };
            }
            results.push({ item, result });
            if (result.ctx) {
                ctx = result.ctx;
            }
            items = this.load().slice(1);
            if (items.length && ctx) {
                items[0].ctx = ctx;
            }
            this.save(items);
        }
        return { results, ctx, left: items.length };
    }
}

let audioContext = null;

function tone(frequency, start, duration) {
    const osc = audioContext.createOscillator();
    const gain = audioContext.createGain();
    osc.type = "square";
    osc.frequency.value = frequency;
    gain.gain.value = 0.08;
    osc.connect(gain);
    gain.connect(audioContext.destination);
    const at = audioContext.currentTime + start;
    osc.start(at);
    osc.stop(at + duration);
}

/** Sound and vibration: a short high beep when accepted, a low double buzz
 * when refused, a soft tone when only queued. */
export function feedback(kind) {
    try {
        const AudioContext = browser.AudioContext || window.webkitAudioContext;
        if (AudioContext) {
            audioContext = audioContext || new AudioContext();
            if (kind === "error") {
                tone(220, 0, 0.18);
                tone(180, 0.24, 0.3);
            } else if (kind === "queued") {
                tone(520, 0, 0.12);
            } else {
                tone(1320, 0, 0.09);
            }
        }
    } catch {
        // no sound on this device
    }
    const vibrate = browser.navigator.vibrate?.bind(browser.navigator);
    if (vibrate) {
        vibrate(kind === "error" ? [180, 90, 180] : 60);
    }
}
