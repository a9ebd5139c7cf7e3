/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openOperation, scan } from "./factory_scan_tour";

// Phone layout checks of the screens of clerks, QC inspectors and line
// workers, started by addons/factory_stock/tests/test_phone_layout.py (and
// factory_mrp's) in a 360x740 touch browser on each screen of a role:
//  (a) nothing is wider than the phone: no sideways scrolling of the page,
//      of the main content or of any scrolling box in it (a list whose
//      columns run off screen);
//  (b) every visible button, input, select and link-button of the main
//      content is at least 40 px tall.
// A failing step lists the offenders.

export const MIN_TAP = 40;
const MAIN = ".o_action_manager .o_content, .o_action_manager > .o_action:not(.o_view_controller)";
const CONTROLS = [
    "button",
    "a.btn",
    "[role=button]",
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio])",
    "select",
    "textarea",
    ".o-checkbox",
    ".form-check",
].join(",");

function describe(el) {
    const name =
        el.getAttribute("name") ||
        el.closest("[name]")?.getAttribute("name") ||
        el.getAttribute("title") ||
        el.getAttribute("aria-label") ||
        (el.textContent || "").trim().slice(0, 30);
    const classes = [...el.classList].slice(0, 3).join(".");
    return `${el.tagName.toLowerCase()}${classes ? "." + classes : ""}[${name}]`;
}

function isShown(el) {
    if (!el.offsetParent && getComputedStyle(el).position !== "fixed") {
        return false;
    }
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return rect.width > 0 && rect.height > 0 && style.visibility !== "hidden";
}

/** Offenders of the phone layout on the current screen (see above). */
export function phoneLayoutOffenders(root) {
    const offenders = [];
    const width = window.innerWidth;
    const doc = document.documentElement;
    if (doc.scrollWidth > width + 1) {
        offenders.push(`page: ${doc.scrollWidth}px wide on a ${width}px screen`);
    }
    if (!root) {
        offenders.push("no screen found");
        return offenders;
    }
    // (Odoo's chatter, below a form, is not what the person must see or fill)
    const measured = (el) => !el.closest(".o-mail-Chatter");
    for (const el of [root, ...root.querySelectorAll("*")].filter(measured)) {
        if (!isShown(el) || el.scrollWidth <= el.clientWidth + 1) {
            continue;
        }
        const overflow = getComputedStyle(el).overflowX;
        if (["auto", "scroll"].includes(overflow)) {
            offenders.push(
                `${describe(el)} scrolls sideways: ${el.scrollWidth}px in ${el.clientWidth}px`
            );
        }
    }
    for (const el of [...root.querySelectorAll(CONTROLS)].filter(measured)) {
        // (a checkbox is tapped by its wrapper, measured instead)
        if (!isShown(el) || el.parentElement.closest(".o-checkbox, .form-check")) {
            continue;
        }
        const rect = el.getBoundingClientRect();
        if (rect.right > width + 1 || rect.left < -1) {
            const [left, right] = [Math.round(rect.left), Math.round(rect.right)];
            offenders.push(`${describe(el)} is off screen (x ${left}-${right})`);
        }
        if (rect.height < MIN_TAP) {
            offenders.push(`${describe(el)}: ${Math.round(rect.height)}px tall`);
        }
    }
    return offenders;
}

/** A tour step that fails with the offenders of the screen ``trigger`` shows. */
export function phoneLayoutStep(trigger, content = "The screen fits the phone", root = MAIN) {
    return {
        content,
        trigger,
        run() {
            const offenders = phoneLayoutOffenders(document.querySelector(root));
            if (offenders.length) {
                throw new Error(
                    `${content}: ${window.location.pathname}: ${offenders.join("; ")}`
                );
            }
        },
    };
}

// Any screen: wait for it to show, then measure.
const READY = [
    ".o_action_manager .o_view_controller:not(.o_view_sample_data) .o_content",
    ".o_action_manager .o_factory_scan .o_factory_scan_body",
    ".o_action_manager .o_factory_report",
].join(", ");

registry.category("web_tour.tours").add("factory_phone_layout", {
    steps: () => [phoneLayoutStep(`body:not(:has(.o_loading_indicator)) :is(${READY})`)],
});

const CARD = ".o_kanban_record:not(.o_kanban_ghost)";

// The stock board's drill-downs: a material's stock by location, its moves.
registry.category("web_tour.tours").add("factory_phone_layout_board", {
    steps: () => [
        {
            content: "Open the quants of the first material",
            trigger: `.o_kanban_view ${CARD} button[name=action_open_quants]`,
            run: "click",
        },
        phoneLayoutStep(
            ".o_action_manager .o_view_controller:not(.o_factory_board_kanban) .o_content",
            "The stock of a material fits the phone"
        ),
        {
            content: "Back to the board",
            trigger: ".o_control_panel .o_back_button, .o_breadcrumb .o_back_button, .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the moves of the first material",
            trigger: `.o_kanban_view ${CARD} button[name=action_open_moves]`,
            run: "click",
        },
        phoneLayoutStep(
            ".o_action_manager .o_view_controller:not(.o_factory_board_kanban) .o_content",
            "The moves of a material fit the phone"
        ),
    ],
});

// The inspector's entry of a result (a dialog over the inspection).
registry.category("web_tour.tours").add("factory_phone_layout_qc_entry", {
    steps: () => [
        {
            content: "Open the entry of the result",
            trigger: ".o_form_view button[name=action_record_result].o_factory_qc_inspect_mobile",
            run: "click",
        },
        phoneLayoutStep(
            ".modal:has(.o_factory_qc_record) .o_field_widget[name=qty_passed] input",
            "The entry of a result fits the phone",
            ".modal:has(.o_factory_qc_record) .modal-content"
        ),
    ],
});

// The scan view's look-up of a bin holding materials of two units: a total
// per unit, and it fits the phone.
registry.category("web_tour.tours").add("factory_phone_layout_scan_lookup", {
    steps: () => [
        openOperation("lookup"),
        ...scan("PH-BIN-A"),
        {
            content: "One total per unit (Units and kg do not add up)",
            trigger: [
                ".o_factory_scan_lookup",
                ":has(.o_factory_scan_total_row:contains(kg))",
                ":has(.o_factory_scan_total_row + .o_factory_scan_total_row)",
            ].join(""),
        },
        phoneLayoutStep(".o_factory_scan_lookup_rows", "The look-up fits the phone"),
    ],
});

// The stock board on a desktop: the material's name is not cut, its unit and
// status are in view without scrolling sideways.
registry.category("web_tour.tours").add("factory_board_desktop_layout", {
    steps: () => [
        {
            content: "Name whole, unit and status in view",
            trigger: ".o_list_view .o_data_row td[name=product_id]",
            run() {
                const width = window.innerWidth;
                const offenders = [];
                for (const name of ["product_id", "uom_id", "status"]) {
                    const th = document.querySelector(`.o_list_view th[data-name=${name}]`);
                    if (!th) {
                        offenders.push(`no ${name} column`);
                    } else if (th.getBoundingClientRect().right > width + 1) {
                        offenders.push(`${name} column out of view`);
                    }
                }
                for (const td of document.querySelectorAll(".o_data_row td[name=product_id]")) {
                    if (td.scrollWidth > td.clientWidth + 1) {
                        offenders.push(`name cut: ${td.textContent.trim()}`);
                    }
                }
                if (offenders.length) {
                    throw new Error(`Stock board on a desktop: ${offenders.join("; ")}`);
                }
            },
        },
    ],
});
