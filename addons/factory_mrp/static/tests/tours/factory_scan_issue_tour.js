/** @odoo-module **/

import { registry } from "@web/core/registry";
import {
    ERROR,
    OK,
    openOperation,
    scan,
} from "@factory_stock/../tests/tours/factory_scan_tour";

// Issue 8 acceptance, started by addons/factory_mrp/tests/test_scan_issue_tour.py
// as the raw warehouse's clerk on a phone-sized viewport: issue a material
// request by scanning (codes typed in the barcode field, as a keyboard-wedge
// scanner does); a wrong item is refused.
registry.category("web_tour.tours").add("factory_scan_issue_tour", {
    steps: () => [
        openOperation("issue"),
        {
            content: "The material request waiting for issue, with its requester",
            trigger: ".o_factory_scan_picking .o_factory_scan_request:contains(Test Maintenance):contains(t_ws_req)",
            run: "click",
        },
        {
            content: "What the request asks for",
            trigger: ".o_factory_scan_move:contains(Scan glue) .o_factory_scan_to_issue:contains(7)",
        },
        {
            content: "FIFO guidance: the older lot first",
            trigger: ".o_factory_scan_next:contains(SCAN-L1):contains(A-01)",
        },
        ...scan("6900000000011", 1),
        {
            content: "An item that is not on the request is refused",
            trigger: `${ERROR}:contains(is not on material request)`,
        },
        ...scan("4006381333931", 5),
        {
            content: "The glue asks for its lot",
            trigger: ".o_factory_scan_prompt:contains(Scan the lot of)",
        },
        ...scan("SCAN-L1"),
        {
            trigger: `${OK}:contains(SCAN-L1)`,
        },
        ...scan("SCAN-L2", 2),
        {
            content: "All the glue is scanned",
            trigger: ".o_factory_scan_move.o_factory_scan_move_done:contains(Scan glue) .o_factory_scan_to_issue:contains(0)",
        },
        ...scan("TST-RM-01", 3),
        {
            content: "More shafts than requested are refused",
            trigger: `${ERROR}:contains(Over-issue)`,
        },
        ...scan("TST-RM-01", 2),
        {
            trigger: ".o_factory_scan_move.o_factory_scan_move_done:contains(Shaft) .o_factory_scan_move_qty:contains(2 / 2)",
        },
        {
            content: "Validate: the request is issued",
            trigger: ".o_factory_scan_validate:enabled",
            run: "click",
        },
        {
            trigger: `${OK}:contains(validated):contains(Issued)`,
        },
        {
            content: "Nothing left to issue",
            trigger: ".o_factory_scan_empty",
        },
    ],
});

// The request's "Scan to Issue" button opens the barcode view on its transfer
// (started by test_scan_issue_tour.py on the request's form).
registry.category("web_tour.tours").add("factory_scan_issue_button_tour", {
    steps: () => [
        {
            content: "Scan to Issue on the approved request",
            trigger: "button[name=action_scan_issue]",
            run: "click",
        },
        {
            content: "The barcode view opens on the request's transfer",
            trigger: ".o_factory_scan_request_info:contains(Test Maintenance)",
        },
        {
            trigger: ".o_factory_scan_move:contains(Shaft) .o_factory_scan_to_issue:contains(2)",
        },
        ...scan("TST-RM-01", 2),
        {
            trigger: ".o_factory_scan_move.o_factory_scan_move_done:contains(Shaft)",
        },
    ],
});
