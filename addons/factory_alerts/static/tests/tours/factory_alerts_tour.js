/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_alerts/tests/test_alerts_tour.py as a warehouse
// supervisor, on the form of a low-stock rule.
const CODE = "TOUR-ALERT-01";
const ROW = `.o_list_view .o_data_row:contains(${CODE})`;

registry.category("web_tour.tours").add("factory_alerts_tour", {
    steps: () => [
        {
            content: "The rule's form: its type and its scope",
            trigger: ".o_form_view .o_field_widget[name=rule_type]",
        },
        {
            content: "Run the rule now",
            trigger: ".o_form_view button[name=action_run_now]",
            run: "click",
        },
        {
            content: "The rule's open alerts: our material, below its safety stock",
            trigger: `${ROW}:contains(Tour Alert Wire):contains(Open)`,
        },
        {
            content: "Acknowledge it from the list",
            trigger: `${ROW} button[name=action_acknowledge]`,
            run: "click",
        },
        {
            content: "It is acknowledged, and the button is gone",
            trigger: `${ROW}:contains(Acknowledged):not(:has(button[name=action_acknowledge]))`,
        },
        {
            content: "Switch to the kanban view",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The alert is in the Acknowledged column",
            trigger: ".o_kanban_group:contains(Acknowledged) .o_kanban_record:contains(Tour Alert Wire)",
        },
    ],
});
