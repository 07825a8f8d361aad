"""The market figures the cost model compares against, as read from checklists/market/fees.toml.

Only the shape lives here; the numbers are data a consultant can edit (each with its source in
the domain digest), loaded by vendorcheck.services.costing and handed to the pure functions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vendorcheck.core.errors import UserError
from vendorcheck.core.parsing import _path

Positive = Annotated[Decimal, Field(gt=0)]
NonNeg = Annotated[Decimal, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    min: NonNeg
    max: NonNeg

    @model_validator(mode="after")
    def _order(self) -> Range:
        if self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self


class Staffing(_Strict):
    inquiries_per_seat_day: Positive
    agents_per_seat: Annotated[int, Field(ge=1)]
    shift_hours: Positive
    days_per_month: Annotated[int, Field(ge=1, le=31)]
    split_min_seats: Annotated[int, Field(ge=1)]


class InHouseDefaults(_Strict):
    min_agents: Annotated[int, Field(ge=1)]
    salary_monthly: NonNeg
    overhead_monthly_per_agent: NonNeg
    turnover_rate_annual: NonNeg
    replacement_cost: NonNeg


class CustomerService(_Strict):
    far_above_factor: Annotated[Decimal, Field(ge=1)]
    far_below_factor: Annotated[Decimal, Field(gt=0, le=1)] = Decimal("0.6")
    day_rate_temporary: NonNeg
    day_rate_event: NonNeg
    day_rate_holiday: NonNeg
    shift_monthly: Range
    fixed_seat_monthly: NonNeg
    commission_rate: Range


class ProjectSize(_Strict):
    """A store-operation project size by monthly sales, with the service fee it realistically costs."""

    id: str
    min_sales: NonNeg
    max_sales: NonNeg | None = None
    fee_min: NonNeg | None = None
    fee_max: NonNeg | None = None
    open_above: bool = False
    """True when the market's ceiling does not bind this size (large projects: "甚至更高", 003)."""

    def contains(self, sales: Decimal) -> bool:
        return sales >= self.min_sales and (self.max_sales is None or sales < self.max_sales)


class Label(_Strict):
    zh: str
    en: str


class OperationsRole(_Strict):
    id: str
    label: Label
    count: Annotated[int, Field(ge=0)]
    salary_monthly: NonNeg


class OperationsTeam(_Strict):
    """The in-house team a store-operation quote replaces (salaries: our assumption)."""

    overhead_monthly_per_person: NonNeg
    roles: Annotated[tuple[OperationsRole, ...], Field(min_length=1)]


class StoreOperation(_Strict):
    service_fee_monthly: Range
    commission_rate: Range | None = None
    """None until a sourced band exists: the commission is then shown, not judged."""
    in_house: OperationsTeam
    sizes: tuple[ProjectSize, ...]


class Market(_Strict):
    staffing: Staffing
    in_house: InHouseDefaults
    customer_service: CustomerService
    store_operation: StoreOperation

    def size_for(self, sales: Decimal) -> ProjectSize | None:
        return next((s for s in self.store_operation.sizes if s.contains(sales)), None)


def market_from_data(data: Any, source: str) -> Market:
    try:
        return Market.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        msg = f"{_path(tuple(err['loc']))}: {err['msg'].removeprefix('Value error, ')}"
        raise UserError(msg, msg, where=source) from None
