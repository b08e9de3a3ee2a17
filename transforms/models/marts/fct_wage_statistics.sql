-- Hourly-wage statistics of the active workforce (primary spell, metrics.md) before disclosure
-- control, for the three wage tables of the reporting layer: by role and setting on every snapshot
-- date, and by highest verified award and setting and by planning region and setting on the annual
-- snapshot dates (every June 30 and every extract's as-of date). 'ALL' is a total. Also the inputs
-- of the wage-statistic publishing rule: how many programs the people work at and how many work at
-- the largest one (the rule itself is applied in reporting).
--
-- The percentiles are exactly DuckDB's quantile_cont over the people of a cell (the value at
-- position h = (n - 1) * q of the sorted wages, interpolated between the values at floor(h) and
-- ceil(h)), computed from how many people earn each wage instead of from every wage: grouped counts
-- and a window over sorted frequencies, which DuckDB spills to disk, where quantile_cont keeps every
-- value of every cell in memory (out of memory at 2,000,000 members).
--
-- The cells, their people and programs come from marts.fct_wage_earner_cells (its own statement: the
-- two grouped counts at once did not fit a 3GB memory limit at 2,000,000 members); the wage rows are
-- counted as there (each in its own cell, then added into the 'ALL' cells).
with dates as (
    select
        calendar_date as snapshot_date,
        (month_number = 6 and is_month_end) or is_extract_as_of_date as is_annual_snapshot_date
    from marts.dim_dates
    where is_snapshot_date
),

geography as (
    select * from marts.dim_geography
),

-- Each wage earner once per breakdown that applies on the date: ROLE on every snapshot date,
-- HIGHEST_AWARD and PLANNING_REGION on the annual ones.
by_breakdown as not materialized (
    select
        w.snapshot_date,
        b.breakdown,
        case b.breakdown
            when 'ROLE' then w.role_code
            when 'HIGHEST_AWARD' then w.highest_award_code
            else coalesce(g.planning_region_fips, 'UNKNOWN')
        end as breakdown_code,
        w.setting_code,
        w.program_id,
        w.hourly_wage_usd
    from marts.fct_workforce_monthly w
    join dates d using (snapshot_date)
    left join geography g on g.town_name = w.program_town_name
    cross join unnest(
        case when d.is_annual_snapshot_date then ['ROLE', 'HIGHEST_AWARD', 'PLANNING_REGION'] else ['ROLE'] end
    ) as b(breakdown)
    where w.hourly_wage_usd is not null
),

-- How many people earn each wage in each cell, then in each cell and its totals: a cell's count
-- also goes to (ALL, setting), (breakdown value, ALL) and (ALL, ALL).
count_people_by_wage_in_cell as (
    select snapshot_date, breakdown, breakdown_code, setting_code, hourly_wage_usd, count(*) as people_count
    from by_breakdown
    group by snapshot_date, breakdown, breakdown_code, setting_code, hourly_wage_usd
),

count_people_by_wage as (
    select
        w.snapshot_date,
        w.breakdown,
        c.breakdown_code,
        s.setting_code,
        w.hourly_wage_usd,
        sum(w.people_count)::bigint as people_count
    from count_people_by_wage_in_cell w
    cross join unnest([w.breakdown_code, 'ALL']) as c(breakdown_code)
    cross join unnest([w.setting_code, 'ALL']) as s(setting_code)
    group by w.snapshot_date, w.breakdown, c.breakdown_code, s.setting_code, w.hourly_wage_usd
),

count_people_in_cell as (
    select snapshot_date, breakdown, breakdown_code, setting_code, (people_count - 1)::double as last_position
    from marts.fct_wage_earner_cells
),

-- Positions are 0-based: the wage at position i is the lowest wage with more than i people earning
-- at most that wage.
accumulate_people as (
    select
        w.*,
        sum(w.people_count) over (
            partition by w.snapshot_date, w.breakdown, w.breakdown_code, w.setting_code
            order by w.hourly_wage_usd
            rows between unbounded preceding and current row
        ) as people_at_or_below,
        n.last_position
    from count_people_by_wage w
    join count_people_in_cell n using (snapshot_date, breakdown, breakdown_code, setting_code)
),

find_quantile_neighbours as (
    select
        snapshot_date,
        breakdown,
        breakdown_code,
        setting_code,
        any_value(last_position) + 1 as people_count,
        any_value(last_position) * 0.25::double as p25_position,
        any_value(last_position) * 0.5::double as p50_position,
        any_value(last_position) * 0.75::double as p75_position,
        min(hourly_wage_usd) filter (where people_at_or_below > floor(last_position * 0.25::double)) as p25_low,
        min(hourly_wage_usd) filter (where people_at_or_below > ceil(last_position * 0.25::double)) as p25_high,
        min(hourly_wage_usd) filter (where people_at_or_below > floor(last_position * 0.5::double)) as p50_low,
        min(hourly_wage_usd) filter (where people_at_or_below > ceil(last_position * 0.5::double)) as p50_high,
        min(hourly_wage_usd) filter (where people_at_or_below > floor(last_position * 0.75::double)) as p75_low,
        min(hourly_wage_usd) filter (where people_at_or_below > ceil(last_position * 0.75::double)) as p75_high
    from accumulate_people
    group by snapshot_date, breakdown, breakdown_code, setting_code
),

-- quantile_cont's interpolation: the value at h when h is whole, else low * (1 - d) + high * d with
-- d = h - floor(h) (the same operations in the same order, so the same double).
interpolate_quantiles as (
    select
        snapshot_date,
        breakdown,
        breakdown_code,
        setting_code,
        people_count::bigint as people_count,
        case when p25_position = floor(p25_position) then p25_low
            else p25_low * (1 - (p25_position - floor(p25_position))) + p25_high * (p25_position - floor(p25_position))
        end as p25_hourly_wage_usd,
        case when p50_position = floor(p50_position) then p50_low
            else p50_low * (1 - (p50_position - floor(p50_position))) + p50_high * (p50_position - floor(p50_position))
        end as median_hourly_wage_usd,
        case when p75_position = floor(p75_position) then p75_low
            else p75_low * (1 - (p75_position - floor(p75_position))) + p75_high * (p75_position - floor(p75_position))
        end as p75_hourly_wage_usd
    from find_quantile_neighbours
),

final as (
    select
        q.snapshot_date,
        q.breakdown,
        q.breakdown_code,
        q.setting_code,
        q.people_count,
        p.program_count,
        p.largest_program_people_count,
        q.p25_hourly_wage_usd,
        q.median_hourly_wage_usd,
        q.p75_hourly_wage_usd
    from interpolate_quantiles q
    join marts.fct_wage_earner_cells p using (snapshot_date, breakdown, breakdown_code, setting_code)
)

select * from final
