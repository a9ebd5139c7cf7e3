/** @odoo-module **/

import { registry } from "@web/core/registry";
import {
    ERROR,
    OK,
    openOperation,
    scan,
} from "@factory_stock/../tests/tours/factory_scan_tour";

// Started by addons/factory_outsourcing/tests/test_scan_outsource_tour.py as
// the raw warehouse's clerk on a phone-sized viewport: send the blanks of an
// outsourcing order to the subcontractor by scanning (codes typed in the
// barcode field, as a keyboard-wedge scanner does); more than the order
// needs is refused.
registry.category("web_tour.tours").add("factory_scan_outsource_tour", {
    steps: () => [
        openOperation("outsource"),
        {
            content: "The resupply transfer of the outsourcing order",
            trigger: ".o_factory_scan_picking:contains(TRW/RES/)",
            run: "click",
        },
        {
            content: "What the subcontractor needs",
            trigger: ".o_factory_scan_move:contains(Housing blank) .o_factory_scan_move_qty:contains(0 / 20)",
        },
        ...scan("6900000000017", 25),
        {
            content: "More than the order needs is refused",
            trigger: ERROR,
        },
        {
            trigger: ".o_factory_scan_move:contains(Housing blank) .o_factory_scan_move_qty:contains(0 / 20)",
        },
        ...scan("6900000000017", 20),
        {
            trigger: ".o_factory_scan_move.o_factory_scan_move_done:contains(Housing blank)",
        },
        {
            content: "Validate: the blanks go to the subcontractor",
            trigger: ".o_factory_scan_validate:enabled",
            run: "click",
        },
        {
            trigger: `${OK}:contains(validated)`,
        },
    ],
});
