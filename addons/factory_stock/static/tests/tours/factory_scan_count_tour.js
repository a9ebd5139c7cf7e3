/** @odoo-module **/

import { registry } from "@web/core/registry";
import { ERROR, OK, scan } from "@factory_stock/../tests/tours/factory_scan_tour";

// Issue 7 acceptance, started by
// addons/factory_stock/tests/test_factory_scan_count_tour.py as a warehouse
// clerk on a phone-sized viewport: count a stocktake of bins A-01 and B-01 by
// scanning (codes typed in the barcode field, as a keyboard-wedge scanner does).
const LOCATION = ".o_factory_scan_count_location";
const LINE = ".o_factory_scan_count_line";

registry.category("web_tour.tours").add("factory_scan_count_tour", {
    steps: () => [
        {
            content: "Home: tap Count",
            trigger: ".o_factory_scan_operation.o_factory_scan_op_count",
            run: "click",
        },
        {
            content: "Choose the stocktake being counted",
            trigger: ".o_factory_scan_stocktake:contains(Test Raw Warehouse)",
            run: "click",
        },
        {
            content: "It asks for a location first",
            trigger: ".o_factory_scan_prompt:contains(Scan the location to count)",
        },
        ...scan("CNT-STOCK"),
        {
            content: "A location outside the stocktake is refused",
            trigger: `${ERROR}:contains(not a location of stocktake)`,
        },
        {
            trigger: `${LOCATION}:contains(No location scanned)`,
        },
        ...scan("CNT-BIN-A"),
        {
            content: "Bin A-01 is the current location",
            trigger: `${LOCATION}:contains(A-01)`,
        },
        ...scan("6900000000011"),
        {
            trigger: `${LINE}:contains(Copper wire) .o_factory_scan_count_qty:contains(1 / 10)`,
        },
        ...scan("6900000000011"),
        {
            content: "Each scan adds one",
            trigger: `${LINE}:contains(Copper wire) .o_factory_scan_count_qty:contains(2 / 10)`,
        },
        ...scan("TST-ST-01", 6),
        {
            content: "A lot-tracked material asks for its lot",
            trigger: ".o_factory_scan_prompt:contains(Scan the lot of)",
        },
        ...scan("COIL-1"),
        {
            content: "The lot is counted with the quantity typed",
            trigger: `${LINE}:contains(COIL-1) .o_factory_scan_count_qty:contains(6 / 6)`,
        },
        ...scan("CNT-BIN-B"),
        {
            content: "Bin B-01: nothing counted there yet",
            trigger: `${LOCATION}:contains(B-01)`,
        },
        {
            trigger: `.o_factory_scan_body:not(:has(${LINE}))`,
        },
        ...scan("6900000000028", 4),
        {
            trigger: `${OK}:contains(Magnet)`,
        },
        {
            content: "Counted in B-01",
            trigger: `${LINE}:contains(Magnet) .o_factory_scan_count_qty:contains(4 / 5)`,
        },
        {
            trigger: ".o_factory_scan_count_progress:contains(3 / 3)",
        },
    ],
});
