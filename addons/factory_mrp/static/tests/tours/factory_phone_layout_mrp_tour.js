/** @odoo-module **/

import { registry } from "@web/core/registry";
import { phoneLayoutStep } from "@factory_stock/../tests/tours/factory_phone_layout_tour";

// Started by addons/factory_mrp/tests/test_phone_layout_mrp.py in a 360x740
// touch browser: the screens behind the first one of a flow.

registry.category("web_tour.tours").add("factory_phone_layout_report", {
    steps: () => [
        {
            content: "The worker reports as himself",
            trigger: ".o_factory_report .o_factory_report_me",
            run: "click",
        },
        phoneLayoutStep(
            ".o_factory_report .o_factory_report_operation",
            "The open operations fit the phone"
        ),
        {
            content: "Report on the first operation",
            trigger: ".o_factory_report .o_factory_report_operation",
            run: "click",
        },
        phoneLayoutStep(
            ".o_factory_report .o_factory_report_good",
            "The report of an operation fits the phone"
        ),
    ],
});

registry.category("web_tour.tours").add("factory_phone_layout_return", {
    steps: () => [
        {
            content: "On a phone the request's buttons are in the gear menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Return material",
            trigger: ".o-dropdown--menu button[name=action_return]",
            run: "click",
        },
        phoneLayoutStep(
            ".modal .o_form_view .o_field_widget[name=reason]",
            "The return of material fits the phone",
            ".modal .modal-content"
        ),
    ],
});
