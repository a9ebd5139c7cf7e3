/** @odoo-module **/
// Production reporting (报工) on a phone or shop-floor tablet (client action
// "factory_production_report"): identify the worker (scan the badge, or "it
// is me"), pick an open operation, report good and scrapped quantities and the
// time (minutes, or a start / stop timer) and submit.
//
// The server (model factory.production.report) validates and books every
// report with Odoo's own work order quantities and time records; this screen
// only collects the input and shows the server's answer or refusal.

import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { serializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const MODEL = "factory.production.report";
const { DateTime } = luxon;

export class FactoryProductionReport extends Component {
    static template = "factory_mrp.FactoryProductionReport";
    static props = { ...standardActionServiceProps };

    /** A quantity of ``op`` with its unit's decimals (the server rounds it). */
    qty(value, op) {
        const digits = op && op.digits !== undefined ? op.digits : 2;
        return formatFloat(value || 0, { digits: [false, digits], trailingZeros: false });
    }

    setup() {
        this.orm = useService("orm");
        this.barcode = useService("barcode");
        this.badgeRef = useRef("badgeInput");
        this.canUseCamera = isBarcodeScannerSupported();
        this.state = useState({
            screen: "worker",
            me: false,
            worker: null,
            reasons: [],
            operations: [],
            operation: null,
            badge: "",
            form: this.emptyForm(),
            timerStart: null,
            message: null,
            last: null,
            busy: false,
        });
        useBus(this.barcode.bus, "barcode_scanned", (ev) => {
            if (this.state.screen === "worker") {
                this.identify(ev.detail.barcode);
            }
        });
        onWillStart(async () => {
            const home = await this.orm.call(MODEL, "factory_report_home", []);
            this.state.me = home.employee;
            this.state.reasons = home.reasons;
            this.state.operations = home.operations;
        });
    }

    emptyForm() {
        return { good: "", scrap: "", reason: "", minutes: "", note: "" };
    }

    get title() {
        const { screen, operation } = this.state;
        if (screen === "report" && operation) {
            return operation.name;
        }
        if (screen === "operations") {
            return _t("Choose the operation");
        }
        return _t("Report Output");
    }

    get hasScrap() {
        return parseFloat(this.state.form.scrap) > 0;
    }

    // ------------------------------------------------------------------
    // Worker
    // ------------------------------------------------------------------

    async identify(badge) {
        const code = (badge || "").trim();
        if (!code) {
            return;
        }
        this.state.badge = "";
        await this.run(async () => {
            const worker = await this.orm.call(MODEL, "factory_report_badge", [code]);
            this.setWorker({ ...worker, badge: code });
        });
    }

    onBadgeKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.identify(this.state.badge);
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
            this.identify(code);
        }
    }

    itIsMe() {
        this.setWorker({ ...this.state.me });
    }

    setWorker(worker) {
        this.state.worker = worker;
        this.state.screen = "operations";
        this.showMessage("success", _t("Worker: %s", worker.name));
    }

    changeWorker() {
        this.state.worker = null;
        this.state.screen = "worker";
        this.state.message = null;
    }

    // ------------------------------------------------------------------
    // Operations and report
    // ------------------------------------------------------------------

    async loadOperations() {
        this.state.operations = await this.orm.call(MODEL, "factory_report_operations", []);
    }

    openOperation(operation) {
        this.state.operation = operation;
        this.state.form = this.emptyForm();
        this.state.timerStart = null;
        this.state.message = null;
        this.state.screen = "report";
    }

    async back() {
        this.state.message = null;
        if (this.state.screen === "report" || this.state.screen === "done") {
            this.state.screen = "operations";
            this.state.operation = null;
            await this.run(() => this.loadOperations());
        } else {
            this.changeWorker();
        }
    }

    toggleTimer() {
        if (this.state.timerStart) {
            const minutes = DateTime.now().diff(this.state.timerStart, "minutes").minutes;
            this.state.form.minutes = String(Math.max(Math.round(minutes * 100) / 100, 0));
            this.state.timerStart = null;
        } else {
            this.state.timerStart = DateTime.now();
            this.state.form.minutes = "";
        }
    }

    async submit() {
        const { form, operation, worker } = this.state;
        const vals = {
            workorder_id: operation.id,
            good_qty: form.good,
            scrap_qty: form.scrap,
            scrap_reason_id: this.hasScrap && form.reason ? parseInt(form.reason) : false,
            note: form.note || false,
        };
        if (worker.badge) {
            vals.badge = worker.badge;
        } else {
            vals.employee_id = worker.id;
        }
        if (this.state.timerStart) {
            // still running: the work started then and ends now (server time)
            vals.date_start = serializeDateTime(this.state.timerStart);
        } else {
            vals.duration = form.minutes;
        }
        await this.run(async () => {
            const result = await this.orm.call(MODEL, "factory_report_submit", [vals]);
            this.state.last = result;
            this.state.timerStart = null;
            this.state.form = this.emptyForm();
            this.state.operation = result.operation;
            this.state.screen = "done";
            this.showMessage("success", result.message);
        });
    }

    reportAgain() {
        this.openOperation(this.state.operation);
    }

    // ------------------------------------------------------------------

    async run(fn) {
        this.state.busy = true;
        try {
            await fn();
        } catch (error) {
            this.showMessage("error", error.data?.message || error.message);
        } finally {
            this.state.busy = false;
        }
    }

    showMessage(type, text) {
        this.state.message = { type, text };
    }
}

registry.category("actions").add("factory_production_report", FactoryProductionReport);
