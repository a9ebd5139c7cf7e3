/** @odoo-module **/
// The mobile barcode view of Factory Suite: receive, put away, pick / issue,
// move, count (stocktakes) and look-up by scanning (client action "factory_scan").
//
// Every scan goes to the server (model factory.scan), which resolves and
// validates it against the operation and books it with Odoo's own methods;
// the phone only shows the outcome. Input: a keyboard-wedge scanner through
// Odoo's barcode service, the camera (scanBarcode) where the browser allows
// it, or typing the code.

import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useBus, useService } from "@web/core/utils/hooks";
import { session } from "@web/session";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { feedback, isConnectionError, newScanKey, ScanQueue } from "./factory_scan_queue";

const MODEL = "factory.scan";

/**
 * The transfer to show after a scan. A booking scan's answer carries only the
 * booked move (``partial``): it is merged by id into the transfer shown; a
 * whole transfer (opened, resent scan) replaces it.
 */
export function mergePicking(current, update) {
    if (!update.partial) {
        return update;
    }
    if (!current || current.id !== update.id) {
        return current;
    }
    const { moves, partial, ...header } = update;
    const updated = new Map(moves.map((move) => [move.id, move]));
    const merged = current.moves.map((move) => updated.get(move.id) || move);
    const known = new Set(current.moves.map((move) => move.id));
    merged.push(...moves.filter((move) => !known.has(move.id)));
    return { ...current, ...header, moves: merged };
}
const PICKING_OPERATIONS = ["receive", "putaway", "pick"];
const FLUSH_INTERVAL_MS = 15000;

export class FactoryScan extends Component {
    static template = "factory_stock.FactoryScan";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.barcode = useService("barcode");
        this.notification = useService("notification");
        this.inputRef = useRef("barcodeInput");
        this.queue = new ScanQueue(`factory_scan_queue:${session.db || ""}:${user.userId}`);
        this.canUseCamera = isBarcodeScannerSupported();
        this.state = useState({
            screen: "home",
            operations: [],
            warehouses: [],
            operation: null,
            pickings: [],
            picking: null,
            stocktakes: [],
            stocktake: null,
            ctx: {},
            qty: "",
            code: "",
            message: null,
            lookup: null,
            pending: this.queue.length,
            online: browser.navigator.onLine !== false,
            busy: false,
        });
        useBus(this.barcode.bus, "barcode_scanned", (ev) => this.onScanned(ev.detail.barcode));
        const onOnline = () => {
            this.state.online = true;
            this.flush();
        };
        const onOffline = () => (this.state.online = false);
        onWillStart(async () => {
            const home = await this.orm.call(MODEL, "home", []);
            this.state.operations = home.operations;
            this.state.warehouses = home.warehouses;
            await this.openFromParams(this.props.action?.params || {});
        });
        onMounted(() => {
            browser.addEventListener("online", onOnline);
            browser.addEventListener("offline", onOffline);
            this.flushTimer = browser.setInterval(() => {
                if (this.state.pending && !this.state.busy) {
                    this.flush();
                }
            }, FLUSH_INTERVAL_MS);
            if (this.state.pending) {
                this.flush();
            }
        });
        onWillUnmount(() => {
            browser.removeEventListener("online", onOnline);
            browser.removeEventListener("offline", onOffline);
            browser.clearInterval(this.flushTimer);
        });
    }

    // ------------------------------------------------------------------
    // Getters for the template
    // ------------------------------------------------------------------

    get currentOperation() {
        return this.state.operations.find((o) => o.key === this.state.operation);
    }

    get operationName() {
        const op = this.currentOperation;
        return op ? op.name : _t("Scan");
    }

    /** Operations working on a list of transfers (server flag ``transfers``). */
    isTransferOperation(key) {
        const op = this.state.operations.find((o) => o.key === key);
        return PICKING_OPERATIONS.includes(key) || Boolean(op?.transfers);
    }

    get prompt() {
        const { operation, ctx, screen } = this.state;
        if (screen === "lookup" || screen === "home") {
            return _t("Scan a product, lot, bin or transfer");
        }
        if (screen === "pickings") {
            return this.currentOperation?.list_prompt || _t("Scan or choose a transfer");
        }
        if (screen === "stocktakes") {
            return _t("Choose a stocktake");
        }
        if (ctx.product_id && !ctx.lot_id && screen !== "home") {
            return _t("Scan the lot of %s", ctx.product_id_name);
        }
        if (operation === "move") {
            if (!ctx.location_id) {
                return _t("Scan the source location");
            }
            if (!ctx.product_id) {
                return _t("Scan the item (set the quantity first)");
            }
            return _t("Scan the destination location");
        }
        if (operation === "count") {
            return ctx.location_id
                ? _t("Scan a product or lot (a quantity typed sets the count)")
                : _t("Scan the location to count");
        }
        if (operation === "putaway" && !ctx.location_dest_id) {
            return _t("Scan the destination bin, then the items");
        }
        return _t("Scan a product or lot");
    }

    get chips() {
        const { ctx } = this.state;
        const chips = [];
        if (ctx.location_id) {
            chips.push({
                key: "src",
                label: this.state.operation === "count" ? _t("Location") : _t("From"),
                value: ctx.location_id_name,
            });
        }
        if (ctx.product_id) {
            chips.push({
                key: "item",
                label: _t("Item"),
                value: ctx.lot_id_name
                    ? `${ctx.product_id_name} / ${ctx.lot_id_name}`
                    : ctx.product_id_name,
            });
        }
        if (ctx.qty && this.state.operation === "move") {
            chips.push({ key: "qty", label: _t("Qty"), value: String(ctx.qty) });
        }
        if (ctx.location_dest_id) {
            chips.push({ key: "dest", label: _t("To"), value: ctx.location_dest_id_name });
        }
        return chips;
    }

    moveProgress(move) {
        return move.demand ? Math.min(100, Math.round((100 * move.done) / move.demand)) : 0;
    }

    moveClass(move) {
        if (move.done >= move.demand) {
            return "o_factory_scan_move_done";
        }
        return move.done > 0 ? "o_factory_scan_move_partial" : "";
    }

    // ------------------------------------------------------------------
    // Navigation
    // ------------------------------------------------------------------

    async openOperation(key) {
        this.state.operation = key;
        this.state.ctx = {};
        this.state.message = null;
        this.state.lookup = null;
        this.state.picking = null;
        this.state.stocktake = null;
        this.state.qty = "";
        if (key === "lookup") {
            this.state.screen = "lookup";
        } else if (key === "move") {
            this.state.screen = "move";
        } else if (this.isTransferOperation(key)) {
            this.state.screen = "pickings";
            await this.loadPickings();
        } else if (key === "count") {
            this.state.screen = "stocktakes";
            await this.loadStocktakes();
        }
        this.focusInput();
    }

    /**
     * Opened from a button (client action params): go straight to the
     * operation and, when given, to its transfer.
     */
    async openFromParams({ operation, picking_id }) {
        if (!operation || !this.state.operations.some((o) => o.key === operation)) {
            return;
        }
        await this.openOperation(operation);
        if (picking_id && this.isTransferOperation(operation)) {
            try {
                await this.openPicking(picking_id);
            } catch (error) {
                this.showMessage("error", error.data?.message || error.message);
            }
        }
    }

    async loadStocktakes() {
        this.state.stocktakes = await this.orm.call(MODEL, "stocktakes", []);
    }

    async openStocktake(stocktakeId) {
        this.state.stocktake = await this.orm.call(MODEL, "stocktake", [stocktakeId]);
        this.state.ctx = {};
        this.state.qty = "";
        this.state.message = null;
        this.state.screen = "stocktake";
        this.focusInput();
    }

    async loadPickings() {
        this.state.pickings = await this.orm.call(MODEL, "pickings", [this.state.operation]);
    }

    async openPicking(pickingId) {
        this.state.picking = await this.orm.call(MODEL, "picking", [
            this.state.operation,
            pickingId,
        ]);
        this.state.ctx = {};
        this.state.message = null;
        this.state.screen = "picking";
        this.focusInput();
    }

    async back() {
        this.state.message = null;
        this.state.ctx = {};
        if (this.state.screen === "picking") {
            this.state.screen = "pickings";
            this.state.picking = null;
            await this.loadPickings();
        } else if (this.state.screen === "stocktake") {
            this.state.screen = "stocktakes";
            this.state.stocktake = null;
            await this.loadStocktakes();
        } else {
            this.state.screen = "home";
            this.state.operation = null;
        }
    }

    focusInput() {
        // Leave the focus alone on touch screens: the keyboard would pop up.
        if (!this.env.isSmall && this.inputRef.el) {
            this.inputRef.el.focus();
        }
    }

    // ------------------------------------------------------------------
    // Input
    // ------------------------------------------------------------------

    onInputKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.submitCode();
        }
    }

    submitCode() {
        const code = (this.state.code || "").trim();
        this.state.code = "";
        if (this.inputRef.el) {
            // typed and sent within one rendering (scanner): clear it here too
            this.inputRef.el.value = "";
        }
        if (code) {
            this.onScanned(code);
        }
    }

    async openCamera() {
        let code;
        try {
            code = await scanBarcode(this.env);
        } catch (error) {
            this.showMessage("error", error?.message || _t("The camera is not available."));
            return;
        }
        if (code) {
            this.onScanned(code);
        }
    }

    /**
     * Scans are handled one after the other, in the order they were made,
     * even when the scanner is faster than the server.
     */
    onScanned(barcode) {
        this.scanChain = (this.scanChain || Promise.resolve())
            .then(() => this.handleScan(barcode))
            .catch((error) => this.showMessage("error", error.data?.message || error.message));
        return this.scanChain;
    }

    async handleScan(barcode) {
        const { screen, operation } = this.state;
        if (screen === "home" || screen === "lookup") {
            if (screen === "home") {
                this.state.operation = "lookup";
                this.state.screen = "lookup";
            }
            return this.lookup(barcode);
        }
        if (screen === "pickings") {
            return this.scanPickingName(barcode);
        }
        if (screen === "stocktakes") {
            return this.scanStocktakeName(barcode);
        }
        const item = {
            key: newScanKey(user.userId),
            operation,
            picking_id: this.state.picking ? this.state.picking.id : false,
            stocktake_id: this.state.stocktake ? this.state.stocktake.id : false,
            barcode,
            qty: this.state.qty,
            ctx: { ...this.state.ctx },
        };
        if (this.state.pending || !this.state.online) {
            return this.enqueue(item);
        }
        this.state.busy = true;
        try {
            const result = await this.send(item, item.ctx);
            this.applyResult(result);
        } catch (error) {
            if (isConnectionError(error)) {
                this.state.online = false;
                this.enqueue(item);
            } else {
                this.showMessage("error", error.data?.message || error.message);
            }
        } finally {
            this.state.busy = false;
        }
    }

    send(item, ctx) {
        const kwargs = {
            picking_id: item.picking_id,
            qty: item.qty,
            ctx: ctx || {},
            key: item.key,
        };
        if (item.stocktake_id) {
            kwargs.stocktake_id = item.stocktake_id;
        }
        return this.orm.call(MODEL, "scan", [item.operation, item.barcode], kwargs);
    }

    applyResult(result) {
        if (result.picking) {
            this.state.picking = mergePicking(this.state.picking, result.picking);
        }
        if (result.stocktake) {
            this.state.stocktake = result.stocktake;
        }
        this.state.ctx = result.ctx || {};
        if (result.ok && ["booked", "moved", "counted"].includes(result.kind)) {
            this.state.qty = "";
        }
        this.showMessage(result.ok ? "success" : "error", result.message);
    }

    enqueue(item) {
        this.state.pending = this.queue.push(item);
        this.showMessage(
            "queued",
            _t("No connection: scan %s kept on this phone, sent when back online.", item.barcode)
        );
    }

    flush() {
        this.scanChain = (this.scanChain || Promise.resolve())
            .then(() => this.flushQueue())
            .catch((error) => this.showMessage("error", error.data?.message || error.message));
        return this.scanChain;
    }

    async flushQueue() {
        if (this.state.busy || !this.queue.length) {
            this.state.pending = this.queue.length;
            return;
        }
        this.state.busy = true;
        try {
            const { results, ctx, left } = await this.queue.flush((item, ctx) =>
                this.send(item, ctx)
            );
            this.state.pending = left;
            this.state.online = !left;
            const refused = results.filter((r) => !r.result.ok);
            for (const { result } of results) {
                if (result.picking && this.state.picking?.id === result.picking.id) {
                    this.state.picking = mergePicking(this.state.picking, result.picking);
                }
            }
            const last = results.at(-1);
            if (last) {
                if (
                    last.result.stocktake &&
                    this.state.stocktake?.id === last.result.stocktake.id
                ) {
                    this.state.stocktake = last.result.stocktake;
                }
                if (ctx && last.item.operation === this.state.operation) {
                    this.state.ctx = ctx;
                }
            }
            if (refused.length) {
                this.showMessage(
                    "error",
                    _t("%(count)s queued scans were refused: %(messages)s", {
                        count: refused.length,
                        messages: refused
                            .map((r) => `${r.item.barcode}: ${r.result.message}`)
                            .join(" / "),
                    })
                );
            } else if (results.length) {
                this.showMessage("success", _t("%s queued scans sent.", results.length));
            }
        } finally {
            this.state.busy = false;
        }
    }

    async scanPickingName(barcode) {
        const found = this.state.pickings.find((p) => p.name === barcode);
        if (found) {
            return this.openPicking(found.id);
        }
        const result = await this.orm.call(MODEL, "scan", [this.state.operation, barcode], {});
        if (result.ok && result.picking_id) {
            return this.openPicking(result.picking_id);
        }
        this.showMessage("error", result.message);
    }

    async scanStocktakeName(barcode) {
        const found = this.state.stocktakes.find((s) => s.name === barcode);
        if (found) {
            return this.openStocktake(found.id);
        }
        this.showMessage("error", _t("%s is not a stocktake you can count.", barcode));
    }

    async lookup(barcode) {
        this.state.busy = true;
        try {
            const result = await this.orm.call(MODEL, "lookup", [barcode]);
            this.state.lookup = result.ok ? result : null;
            this.showMessage(result.ok ? "success" : "error", result.ok ? barcode : result.message);
        } catch (error) {
            this.showMessage(
                "error",
                isConnectionError(error)
                    ? _t("No connection: look-up needs the server.")
                    : error.data?.message || error.message
            );
        } finally {
            this.state.busy = false;
        }
    }

    showMessage(type, text) {
        this.state.message = { type, text };
        feedback(type === "success" ? "ok" : type);
    }

    resetContext() {
        this.state.ctx = {};
        this.state.message = null;
    }

    async validate() {
        const picking = this.state.picking;
        this.state.busy = true;
        try {
            const result = await this.orm.call(MODEL, "validate", [
                this.state.operation,
                picking.id,
            ]);
            this.notification.add(result.message, { type: "success" });
            feedback("ok");
            this.state.screen = "pickings";
            this.state.picking = null;
            this.state.ctx = {};
            this.state.message = { type: "success", text: result.message };
            await this.loadPickings();
        } catch (error) {
            this.showMessage("error", error.data?.message || error.message);
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("actions").add("factory_scan", FactoryScan);
