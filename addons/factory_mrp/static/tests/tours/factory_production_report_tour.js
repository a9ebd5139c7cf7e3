/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_mrp/tests/test_production_report_tour.py as a line
// worker on a phone-sized viewport, at /odoo/factory-report, with a released
// order of 10 motors (operations Winding, then Assembly) and the worker's
// badge TW0001.
const OP = ".o_factory_report_operation";

registry.category("web_tour.tours").add("factory_production_report_tour", {
    steps: () => [
        {
            content: "A badge nobody wears is refused",
            trigger: ".o_factory_report_badge",
            run: "edit NOPE99",
        },
        {
            trigger: ".o_factory_report_badge_ok",
            run: "click",
        },
        {
            content: "The server's refusal is shown",
            trigger: ".o_factory_report_message.alert-danger:contains(Unknown badge)",
        },
        {
            content: "Scan the worker's badge (typed like a scanner, Enter)",
            trigger: ".o_factory_report_badge",
            run: "edit TW0001",
        },
        {
            trigger: ".o_factory_report_badge",
            run: "press Enter",
        },
        {
            content: "The worker is identified; the winding is the order's current operation",
            trigger: `.o_factory_report_worker:contains(Test Worker Liu)`,
        },
        {
            trigger: `${OP}.o_factory_report_current:contains(Winding)`,
            run: "click",
        },
        {
            content: "Good quantity",
            trigger: ".o_factory_report_good",
            run: "edit 7",
        },
        {
            content: "Scrapped quantity",
            trigger: ".o_factory_report_scrap",
            run: "edit 1",
        },
        {
            content: "Report without the scrap reason",
            trigger: ".o_factory_report_minutes",
            run: "edit 25",
        },
        {
            trigger: ".o_factory_report_submit",
            run: "click",
        },
        {
            content: "Refused: the reason is required for scrap",
            trigger: ".o_factory_report_message.alert-danger:contains(reason of the scrapped)",
        },
        {
            content: "Choose the scrap reason",
            trigger: ".o_factory_report_reason",
            run: "selectByLabel Functional",
        },
        {
            trigger: ".o_factory_report_submit",
            run: "click",
        },
        {
            content: "Booked: the report's reference and what was reported",
            trigger: [
                ".o_factory_report_done_name:contains(BG/)",
                ":not(:has(.alert-danger))",
            ].join(""),
        },
        {
            trigger: ".o_factory_report_message.alert-success:contains(7.0 good, 1.0 scrapped on Winding)",
        },
        {
            content: "Back to the operations: the assembly can take the 7 good motors",
            trigger: ".o_factory_report_other",
            run: "click",
        },
        {
            trigger: `${OP}:contains(Assembly) .o_factory_report_op_qty:contains(0 + 0 / 7)`,
        },
    ],
});
