/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_stock/tests/test_qc_tour.py as a QC inspector on a
// phone-sized viewport, at /odoo/factory-inspections, with one inspection of
// material QC-TOUR-001 (100 units received into quarantine) still to inspect.
const CODE = "QC-TOUR-001";
const CARD = ".o_kanban_record:not(.o_kanban_ghost)";
const FORM = ".o_form_view";
const REASON = "Dimension out of tolerance";
const COG = ".o_control_panel .o_cp_action_menus button:has(.fa-cog)";
const MENU = ".o-dropdown--menu";
const DIALOG = ".modal:has(.o_factory_qc_record)";

registry.category("web_tour.tours").add("factory_qc_inspection_tour", {
    steps: () => [
        {
            content: "On a phone the inspections open in kanban; open the card of the material",
            trigger: `.o_kanban_view ${CARD}:contains(${CODE})`,
            run: "click",
        },
        {
            content: "The form shows the received lot, still to inspect",
            trigger: [
                `${FORM}:has(.o_field_widget[name=product_id]:contains(${CODE}))`,
                ":has(.o_field_widget[name=lot_id]:contains(QCT-LOT-1))",
                ":has(.o_statusbar_status button[data-value=todo][aria-checked=true])",
                ":not(:has(.o_field_widget[name=result] .badge))",
            ].join(""),
        },
        {
            content: "Open the entry of the result",
            isActive: ["desktop"],
            trigger: `${FORM} .o_statusbar_buttons button[name=action_record_result].o_factory_qc_inspect`,
            run: "click",
        },
        {
            content: "On a phone the main action is a big button in the form itself",
            isActive: ["mobile"],
            trigger: `${FORM} button[name=action_record_result].o_factory_qc_inspect_mobile`,
            run: "click",
        },
        {
            content: "The entry opens (no error), all received counted as passed so far",
            trigger: `${DIALOG} .o_field_widget[name=qty_passed] input:value(100.00)`,
        },
        {
            content: "Sample size",
            trigger: `${DIALOG} .o_field_widget[name=sample_size] input`,
            run: "edit 10",
        },
        {
            content: "Rejected quantity",
            trigger: `${DIALOG} .o_field_widget[name=qty_rejected] input`,
            run: "edit 5",
        },
        {
            content: "Go to the defect reason (leaving the rejected quantity commits it)",
            trigger: `${DIALOG} .o_field_widget[name=defect_reason_id] input`,
            run: "click",
        },
        {
            content: "Type part of the reason",
            isActive: ["desktop"],
            trigger: `${DIALOG} .o_field_widget.o_required_modifier[name=defect_reason_id] input`,
            run: "edit Dimension",
        },
        {
            content: "Pick it in the dropdown",
            isActive: ["desktop"],
            trigger: `.o_field_widget[name=defect_reason_id] .o-autocomplete--dropdown-item > a:contains(${REASON})`,
            run: "click",
        },
        {
            content: "On a phone the reasons open in a full-screen dialog: show its search bar",
            isActive: ["mobile"],
            trigger: ".modal .o_control_panel_navigation button:has(.fa-search)",
            run: "click",
        },
        {
            content: "Type part of the reason",
            isActive: ["mobile"],
            trigger: ".modal .o_searchview_input",
            run: "edit Dimension",
        },
        {
            isActive: ["mobile"],
            trigger: ".modal .o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Pick the only reason left",
            isActive: ["mobile"],
            trigger: `.modal ${CARD}:only:contains(${REASON})`,
            run: "click",
        },
        {
            content: "The reason is set, required because of the rejected quantity; the rest passed",
            trigger: [
                `body:not(:has(.modal .o_searchview)) ${DIALOG}`,
                `:has(.o_field_widget[name=qty_passed] input:value(95.00))`,
                ` .o_field_widget.o_required_modifier[name=defect_reason_id]`,
                ` input:value(${REASON})`,
            ].join(""),
        },
        {
            content: "Record the result",
            trigger: `${DIALOG} button[name=action_confirm].o_factory_qc_record_confirm`,
            run: "click",
        },
        {
            content: "Inspected: the result is partly rejected, the quantities are read-only",
            trigger: [
                `body:not(:has(.modal)) ${FORM}:has(.o_field_widget[name=result] .badge.text-bg-warning)`,
                ":not(:has(button.o_factory_qc_inspect_mobile))",
                ":not(:has(.o_field_widget[name=qty_rejected] input))",
                ":has(.o_field_widget[name=qty_passed] span:contains(95.00))",
            ].join(""),
        },
        {
            content: "The status bar shows the inspected state",
            // (on a narrow screen the states may be folded into a dropdown)
            trigger: ".o_statusbar_status:has(button[data-value=inspected][aria-checked=true])",
        },
        {
            content: "Only resetting is left to the inspector",
            isActive: ["desktop"],
            trigger: `${FORM} .o_statusbar_buttons:has(button[name=action_reset]):not(:has(button[name=action_record_result]))`,
        },
        {
            content: "Open the gear menu again",
            isActive: ["mobile"],
            trigger: COG,
            run: "click",
        },
        {
            content: "Only resetting is left to the inspector",
            isActive: ["mobile"],
            trigger: `${MENU}:has(button[name=action_reset]):not(:has(button[name=action_record_result]))`,
        },
    ],
});
