/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_stock/tests/test_factory_scan_tour.py as a
// warehouse clerk on a phone-sized viewport, at /odoo/factory-scan. Codes are
// typed in the barcode field (what a keyboard-wedge scanner does) and sent.
// The helpers are shared with the tours of other modules (factory_mrp).
const INPUT = ".o_factory_scan_input";
const QTY = ".o_factory_scan_qty";
const SEND = ".o_factory_scan_submit";
export const ERROR = ".o_factory_scan_message_error";
export const OK = ".o_factory_scan_message_success";

export function scan(code, qty = null) {
    const steps = [];
    if (qty !== null) {
        steps.push({ content: `Quantity ${qty}`, trigger: QTY, run: `edit ${qty}` });
    }
    steps.push(
        { content: `Scan ${code}`, trigger: INPUT, run: `edit ${code}` },
        { trigger: `${SEND}:enabled`, run: "click" }
    );
    return steps;
}

export function openOperation(key) {
    return {
        content: `Home: tap ${key}`,
        trigger: `.o_factory_scan_operation.o_factory_scan_op_${key}`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("factory_scan_receive_tour", {
    steps: () => [
        openOperation("receive"),
        {
            content: "Open the receipt",
            trigger: ".o_factory_scan_picking:contains(TRW/IN/)",
            run: "click",
        },
        {
            content: "Its lines show nothing scanned yet",
            trigger: ".o_factory_scan_move:contains(Copper wire) .o_factory_scan_move_qty:contains(0 / 10)",
        },
        ...scan("6900000000028", 4),
        {
            content: "A product that is not on the receipt is refused",
            trigger: `${ERROR}:contains(Wrong product)`,
        },
        {
            trigger: ".o_factory_scan_move:contains(Copper wire) .o_factory_scan_move_qty:contains(0 / 10)",
        },
        ...scan("6900000000011"),
        {
            content: "The right product is booked with the quantity typed",
            trigger: `${OK}:contains(Copper wire)`,
        },
        {
            trigger: ".o_factory_scan_move.o_factory_scan_move_partial:contains(Copper wire) .o_factory_scan_move_qty:contains(4 / 10)",
        },
        ...scan("SCAN-GLUE", 5),
        {
            content: "A lot-tracked material asks for its lot",
            trigger: ".o_factory_scan_prompt:contains(Scan the lot of)",
        },
        ...scan("TOUR-LOT-1"),
        {
            content: "Booked with its new lot",
            trigger: ".o_factory_scan_move.o_factory_scan_move_done:contains(Scan glue) .o_factory_scan_lot:contains(TOUR-LOT-1)",
        },
        {
            content: "Validate (the rest goes to a backorder)",
            trigger: ".o_factory_scan_validate:enabled",
            run: "click",
        },
        {
            content: "Back on the list of receipts",
            trigger: `${OK}:contains(validated)`,
        },
    ],
});

registry.category("web_tour.tours").add("factory_scan_pick_tour", {
    steps: () => [
        openOperation("pick"),
        {
            content: "Open the delivery",
            trigger: ".o_factory_scan_picking:contains(TRW/OUT/)",
            run: "click",
        },
        {
            content: "FIFO guidance: the oldest lot is proposed",
            trigger: ".o_factory_scan_next:contains(SCAN-L1):contains(A-01)",
        },
        ...scan("SCAN-L2", 3),
        {
            content: "A younger lot is refused",
            trigger: `${ERROR}:contains(SCAN-L1 must go first)`,
        },
        ...scan("SCAN-L1"),
        {
            content: "The oldest lot is booked",
            trigger: ".o_factory_scan_move.o_factory_scan_move_done .o_factory_scan_move_qty:contains(3 / 3)",
        },
        {
            trigger: ".o_factory_scan_validate:enabled",
            run: "click",
        },
        {
            trigger: `${OK}:contains(validated)`,
        },
    ],
});

registry.category("web_tour.tours").add("factory_scan_move_tour", {
    steps: () => [
        openOperation("move"),
        {
            trigger: ".o_factory_scan_prompt:contains(source location)",
        },
        ...scan("SCAN-BIN-A"),
        {
            content: "The source is shown",
            trigger: ".o_factory_scan_chips:contains(A-01)",
        },
        ...scan("6900000000011", 3),
        {
            trigger: `${OK}:contains(now scan the destination)`,
        },
        ...scan("SCAN-FG-STOCK"),
        {
            content: "A bin of another warehouse is refused",
            trigger: `${ERROR}:contains(outside)`,
        },
        ...scan("SCAN-BIN-B"),
        {
            content: "Moved by an internal transfer",
            trigger: `${OK}:contains(moved from):contains(TRW/INT/)`,
        },
    ],
});

registry.category("web_tour.tours").add("factory_scan_lookup_tour", {
    steps: () => [
        openOperation("lookup"),
        ...scan("NO-SUCH-CODE"),
        {
            content: "An unknown code is refused",
            trigger: `${ERROR}:contains(Unknown barcode)`,
        },
        ...scan("SCAN-L1"),
        {
            content: "The lot is in bin A-01, 5 units",
            trigger: ".o_factory_scan_lookup_rows tr:contains(A-01):contains(SCAN-L1):contains(5)",
        },
        {
            trigger: ".o_factory_scan_lookup:contains(Scan glue) .o_factory_scan_total:contains(5)",
        },
    ],
});

registry.category("web_tour.tours").add("factory_scan_offline_tour", {
    steps: () => [
        openOperation("receive"),
        {
            trigger: ".o_factory_scan_picking:contains(TRW/IN/)",
            run: "click",
        },
        {
            trigger: ".o_factory_scan_move:contains(Copper wire) .o_factory_scan_move_qty:contains(0 / 10)",
        },
        {
            content: "The connection drops",
            trigger: INPUT,
            run: () => window.dispatchEvent(new Event("offline")),
        },
        {
            trigger: ".o_factory_scan_offline",
        },
        ...scan("6900000000011", 2),
        {
            content: "The scan waits on the phone",
            trigger: ".o_factory_scan_pending_count:contains(1)",
        },
        ...scan("6900000000011", 3),
        {
            trigger: ".o_factory_scan_pending_count:contains(2)",
        },
        {
            content: "Nothing is booked yet",
            trigger: ".o_factory_scan_message_queued",
        },
        {
            trigger: ".o_factory_scan_move:contains(Copper wire) .o_factory_scan_move_qty:contains(0 / 10)",
        },
        {
            content: "Simulate a resend: the first scan is queued twice, with the same key",
            trigger: INPUT,
            run: () => {
                const key = Object.keys(window.localStorage).find((k) =>
                    k.startsWith("factory_scan_queue:")
                );
                const items = JSON.parse(window.localStorage.getItem(key));
                items.splice(1, 0, { ...items[0] });
                window.localStorage.setItem(key, JSON.stringify(items));
            },
        },
        {
            content: "The connection returns: the queue is sent in order",
            trigger: INPUT,
            run: () => window.dispatchEvent(new Event("online")),
        },
        {
            trigger: `${OK}:contains(3 queued scans sent)`,
        },
        {
            content: "Booked once each: 2 + 3, the resend booked nothing",
            trigger: ".o_factory_scan_move:contains(Copper wire) .o_factory_scan_move_qty:contains(5 / 10)",
        },
        {
            trigger: ".o_factory_scan:not(:has(.o_factory_scan_pending)):not(:has(.o_factory_scan_offline))",
        },
    ],
});
