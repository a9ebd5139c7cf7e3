/** @odoo-module **/
// Management cockpit (管理驾驶舱) of the Factory Manager: KPI tiles from one
// RPC (factory.report.dashboard.get_dashboard_data), each opening its report.

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const PIE_COLORS = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
];

export class FactoryDashboard extends Component {
    static template = "factory_reports.FactoryDashboard";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call(
            "factory.report.dashboard",
            "get_dashboard_data",
            []
        );
    }

    display(tile) {
        if (tile.value === null || tile.value === undefined || tile.value === false) {
            return "—";
        }
        if (tile.kind === "money") {
            const { symbol, position, digits } = this.state.data.currency;
            const amount = formatFloat(tile.value, { digits: [false, digits] });
            return position === "before" ? `${symbol} ${amount}` : `${amount} ${symbol}`;
        }
        if (tile.kind === "percent") {
            return `${formatFloat(tile.value, { digits: [false, 1] })} %`;
        }
        if (tile.kind === "ratio") {
            return formatFloat(tile.value, { digits: [false, 2] });
        }
        return String(tile.value);
    }

    share(value) {
        return `${formatFloat(value, { digits: [false, 1] })} %`;
    }

    columnHeight(month) {
        const max = Math.max(...this.state.data.months.map((m) => m.turnover), 0);
        return max ? Math.round((month.turnover / max) * 120) : 0;
    }

    // a pie as a CSS conic-gradient: one colour stop per category
    pieStyle() {
        let start = 0;
        const stops = this.state.data.categories.map((categ, index) => {
            const end = start + categ.share;
            const stop = `${this.color(index)} ${start.toFixed(2)}% ${end.toFixed(2)}%`;
            start = end;
            return stop;
        });
        return `background: conic-gradient(${stops.join(", ") || "#e9ecef 0 100%"});`;
    }

    color(index) {
        return PIE_COLORS[index % PIE_COLORS.length];
    }

    qty(value) {
        return formatFloat(value, { digits: [false, 2] });
    }

    barWidth(rate) {
        return `width: ${Math.max(0, Math.min(100, rate)).toFixed(1)}%`;
    }

    async openReport(action, context) {
        await this.actionService.doAction(action, { additionalContext: context || {} });
    }

    openCategory(categ) {
        return this.openReport(
            "factory_reports.factory_report_aging_action",
            categ.id ? { search_default_categ_id: categ.id } : {}
        );
    }

    openShortage(line) {
        return this.openReport("factory_mrp.factory_mrp_shortage_action", {
            search_default_product_id: line.id,
        });
    }

    openSupplier(supplier) {
        return this.openReport("factory_reports.factory_report_supplier_action", {
            search_default_partner_id: supplier.id,
            search_default_lines: 1,
        });
    }

    async openTile(tile) {
        await this.actionService.doAction(tile.action, {
            additionalContext: tile.context || {},
        });
    }

    get title() {
        return _t("Management Dashboard");
    }
}

registry.category("actions").add("factory_reports_dashboard", FactoryDashboard);
