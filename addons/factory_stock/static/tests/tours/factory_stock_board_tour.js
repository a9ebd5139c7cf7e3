/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started by addons/factory_stock/tests/test_board_tour.py as a warehouse clerk
// on a phone-sized viewport, at /odoo/factory-stock-board.
const CODE = "TOUR-MAT-001";
const CARD = ".o_kanban_record:not(.o_kanban_ghost)";

registry.category("web_tour.tours").add("factory_stock_board_tour", {
    steps: () => [
        {
            content: "On a phone the board opens in kanban, with more than our material",
            trigger: `.o_kanban_view ${CARD}:contains(TOUR-NUT-002)`,
        },
        {
            content: "Show the search bar (hidden behind a toggle on small screens)",
            isActive: ["mobile"],
            trigger: ".o_control_panel_navigation button:has(.fa-search)",
            run: "click",
        },
        {
            content: "Type the material code",
            trigger: ".o_searchview_input",
            run: `edit ${CODE}`,
        },
        {
            content: "Search it in material name, code and specification",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: `.o_searchview_facet:contains(${CODE})`,
        },
        {
            content: "Exactly one card: the material in the clerk's own warehouse",
            trigger: `.o_kanban_view ${CARD}:only:contains(${CODE}):contains(0805 10k 1%):contains(Tour Main Store)`,
        },
        {
            content: "Open its quants",
            trigger: `${CARD}:contains(${CODE}) button[name=action_open_quants]`,
            run: "click",
        },
        {
            content: "On a phone the stock opens in cards, one per bin: nothing of the other warehouse",
            trigger: [
                ".o_kanban_view",
                `:has(${CARD}:contains(TOURA/Stock/Bin A):contains(10.00))`,
                `:has(${CARD}:contains(TOURA/Stock/Bin B):contains(20.00))`,
                ":not(:has(.o_kanban_record:contains(TOURB)))",
            ].join(""),
        },
    ],
});
