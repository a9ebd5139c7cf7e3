/** @odoo-module **/
// Management cockpit (管理驾驶舱) of the Factory Manager: KPI tiles from one
// RPC (factory.report.dashboard.get_dashboard_data), each opening its report.

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

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
