-- The calendar from 1990 to the end of the year after the latest loaded extract, with Connecticut
-- state fiscal years (July to June, named by the year they end) and federal fiscal years (October
-- to September). Snapshot dates: month ends from January 2012 to the latest as-of date, plus the
-- as-of date of every loaded extract.
with extracts as (
    select as_of from meta.extracts where status = 'loaded'
),

bounds as (
    select max(as_of) as latest_as_of_date from extracts
),

generate_days as (
    select cast(t.d as date) as calendar_date, b.latest_as_of_date
    from bounds b,
        range(date '1990-01-01', make_date(year(b.latest_as_of_date) + 2, 1, 1), interval 1 day) as t(d)
),

describe_days as (
    select
        calendar_date,
        year(calendar_date) as calendar_year,
        quarter(calendar_date) as calendar_quarter,
        month(calendar_date) as month_number,
        monthname(calendar_date) as month_name,
        date_trunc('month', calendar_date)::date as month_start_date,
        last_day(calendar_date) as month_end_date,
        calendar_date = last_day(calendar_date) as is_month_end,
        isodow(calendar_date) as iso_day_of_week,
        isodow(calendar_date) <= 5 as is_weekday,
        year(calendar_date) + case when month(calendar_date) >= 7 then 1 else 0 end as fiscal_year,
        year(calendar_date) + case when month(calendar_date) >= 10 then 1 else 0 end as federal_fiscal_year,
        latest_as_of_date
    from generate_days
),

final as (
    select
        d.calendar_date,
        d.calendar_year,
        d.calendar_quarter,
        d.month_number,
        d.month_name,
        d.month_start_date,
        d.month_end_date,
        d.is_month_end,
        d.iso_day_of_week,
        d.is_weekday,
        d.fiscal_year,
        make_date(d.fiscal_year - 1, 7, 1) as fiscal_year_start_date,
        make_date(d.fiscal_year, 6, 30) as fiscal_year_end_date,
        ((d.month_number + 5) % 12) + 1 as fiscal_month_number,
        d.federal_fiscal_year,
        e.as_of is not null as is_extract_as_of_date,
        d.calendar_date = d.latest_as_of_date as is_latest_as_of_date,
        d.calendar_date <= d.latest_as_of_date
            and (e.as_of is not null or (d.is_month_end and d.calendar_date >= date '2012-01-31'))
            as is_snapshot_date
    from describe_days d
    left join extracts e on e.as_of = d.calendar_date
)

select * from final
