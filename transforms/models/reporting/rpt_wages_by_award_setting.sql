-- Hourly wages of the active workforce (primary spell, metrics.md) by the member's highest verified
-- award on the date (NONE, HS_DIPLOMA_GED ... DOCTORATE) and setting, on every annual snapshot date (June 30 and the latest as-of date). A wage statistic
-- is published only when it rests on at least k people at at least 3 programs and no program employs
-- more than 80% of them (stg_publishing_rules); the people count is suppressed like every other count
-- (cells of marts.fct_publication_cells_site).
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_wages_by_award_setting'
),

wage_earners as (
    select w.snapshot_date, w.setting_code, w.program_id, w.hourly_wage_usd, w.highest_award_code
    from marts.fct_workforce_monthly w
    where w.hourly_wage_usd is not null
        and w.snapshot_date in (select distinct partition_key::date from cells)
),

rules as (
    select * from staging.stg_publishing_rules
),

summarise_wages as (
    select
        snapshot_date,
        case when grouping(highest_award_code) = 1 then 'ALL' else highest_award_code end as highest_award_code,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as setting_code,
        count(*) as people_count,
        count(distinct program_id) as program_count,
        quantile_cont(hourly_wage_usd, 0.25) as p25_hourly_wage_usd,
        quantile_cont(hourly_wage_usd, 0.5) as median_hourly_wage_usd,
        quantile_cont(hourly_wage_usd, 0.75) as p75_hourly_wage_usd
    from wage_earners
    group by grouping sets (
        (snapshot_date, highest_award_code, setting_code),
        (snapshot_date, highest_award_code),
        (snapshot_date, setting_code),
        (snapshot_date)
    )
),

count_people_by_program as (
    select
        snapshot_date,
        case when grouping(highest_award_code) = 1 then 'ALL' else highest_award_code end as highest_award_code,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as setting_code,
        program_id,
        count(*) as people_count
    from wage_earners
    group by grouping sets (
        (snapshot_date, highest_award_code, setting_code, program_id),
        (snapshot_date, highest_award_code, program_id),
        (snapshot_date, setting_code, program_id),
        (snapshot_date, program_id)
    )
),

find_largest_program as (
    select snapshot_date, highest_award_code, setting_code, max(people_count) as largest_program_people_count
    from count_people_by_program
    group by snapshot_date, highest_award_code, setting_code
),

apply_wage_rule as (
    select
        s.*,
        s.people_count >= r.min_cell_count
            and s.program_count >= r.min_wage_program_count
            and l.largest_program_people_count <= r.max_wage_program_share_pct * s.people_count
            as is_publishable
    from summarise_wages s
    join find_largest_program l using (snapshot_date, highest_award_code, setting_code)
    cross join rules r
),

final as (
    select
        c.partition_key::date as snapshot_date,
        c.row_key as highest_award_code,
        c.column_key as setting_code,
        c.cell_count as people_count,
        c.suppression_reason_code as people_count_suppression_reason_code,
        case when w.is_publishable then round(w.p25_hourly_wage_usd, 2) end as p25_hourly_wage_usd,
        case when w.is_publishable then round(w.median_hourly_wage_usd, 2) end as median_hourly_wage_usd,
        case when w.is_publishable then round(w.p75_hourly_wage_usd, 2) end as p75_hourly_wage_usd,
        case when w.is_publishable then round(w.median_hourly_wage_usd * 2080, 0) end as median_fte_annual_wage_usd,
        case
            when w.people_count is null then 'no_data'
            when not w.is_publishable then 'too_few'
        end as wage_suppression_reason_code
    from cells c
    left join apply_wage_rule w
        on w.snapshot_date = c.partition_key::date
        and w.highest_award_code = c.row_key
        and w.setting_code = c.column_key
)

select * from final
