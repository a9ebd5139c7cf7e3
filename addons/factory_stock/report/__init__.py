from . import factory_stock_board
