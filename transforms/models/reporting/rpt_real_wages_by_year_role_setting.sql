-- Hourly wages in real dollars by calendar year (metrics.md, "Real dollars": deflated with CPI-U,
-- base year in the column name): the wage statistics of reporting.rpt_wages_by_role_setting on each
-- year's last day (December 31), times CPI-U(2024) / CPI-U(year) (seeds.cpi_u, annual averages),
-- deflated before rounding (from marts.fct_wage_statistics; a median rounded to cents first would
-- give a 2024 figure other than the nominal table's). The wage-statistic rule (>= k people at >= 3
-- programs, none over 80%) was applied there: a statistic withheld in nominal dollars is withheld
-- here too. A year without a CPI-U row
-- cannot be deflated: its real figures are null with reason no_data (never extrapolated).
with wages as (
    select * from reporting.rpt_wages_by_role_setting
),

wage_statistics as (
    select * from marts.fct_wage_statistics where breakdown = 'ROLE'
),

dates as (
    select * from marts.dim_dates
),

cpi as (
    select year::integer as calendar_year, cpi_u_index::double as cpi_u_index from seeds.cpi_u
),

base_year_cpi as (
    select cpi_u_index as base_cpi_u_index from cpi where calendar_year = 2024
),

keep_year_ends as (
    select
        w.*,
        d.calendar_year,
        -- the statistics before rounding, where the nominal table publishes them
        case when w.wage_suppression_reason_code is null then s.p25_hourly_wage_usd end as p25_exact_usd,
        case when w.wage_suppression_reason_code is null then s.median_hourly_wage_usd end as median_exact_usd,
        case when w.wage_suppression_reason_code is null then s.p75_hourly_wage_usd end as p75_exact_usd
    from wages w
    join dates d on d.calendar_date = w.snapshot_date
    left join wage_statistics s
        on s.snapshot_date = w.snapshot_date
        and s.breakdown_code = w.role_code
        and s.setting_code = w.setting_code
    where d.month_number = 12 and d.is_month_end
),

final as (
    select
        w.calendar_year,
        w.role_code,
        w.setting_code,
        w.snapshot_date,
        w.people_count,
        w.people_count_suppression_reason_code,
        w.median_hourly_wage_usd,
        c.cpi_u_index,
        round(w.median_exact_usd * b.base_cpi_u_index / c.cpi_u_index, 2) as median_hourly_wage_2024_usd,
        round(w.p25_exact_usd * b.base_cpi_u_index / c.cpi_u_index, 2) as p25_hourly_wage_2024_usd,
        round(w.p75_exact_usd * b.base_cpi_u_index / c.cpi_u_index, 2) as p75_hourly_wage_2024_usd,
        round(w.median_exact_usd * 2080 * b.base_cpi_u_index / c.cpi_u_index, 0)
            as median_fte_annual_wage_2024_usd,
        coalesce(
            w.wage_suppression_reason_code,
            case when c.cpi_u_index is null or b.base_cpi_u_index is null then 'no_data' end
        ) as wage_suppression_reason_code
    from keep_year_ends w
    left join cpi c on c.calendar_year = w.calendar_year
    left join base_year_cpi b on true
)

select * from final
