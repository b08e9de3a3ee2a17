-- Verified non-credit training completed in each state fiscal year (of the completion date) by
-- topic area, after disclosure control: members with such a record (a member counts once per topic
-- and once in ALL), the records and the clock hours they add up to. Verification status as of the
-- latest as-of date (metrics.md: verified records only). The hours of the topics add up to the
-- year's, so the topics and the year form one protected group (a withheld topic always has a
-- withheld companion), and an amount is published only with the member count it rests on.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_training_by_fiscal_year_topic'
),

records as (
    select *, fiscal_year as record_fiscal_year
    from marts.fct_training
    where is_verified
),

latest_snapshot as (
    select max(calendar_date) as snapshot_date from marts.dim_dates where is_extract_as_of_date
),

fiscal_years as (
    select distinct fiscal_year, fiscal_year_end_date from marts.dim_dates
),

sum_records as (
    select
        record_fiscal_year as fiscal_year,
        case when grouping(topic_area_code) = 1 then 'ALL' else topic_area_code end as topic_area_code,
        count(*) as record_count,
        sum(training_hours) as amount
    from records
    group by grouping sets ((record_fiscal_year, topic_area_code), (record_fiscal_year))
),

final as (
    select
        c.partition_key::integer as fiscal_year,
        y.fiscal_year_end_date <= s.snapshot_date as is_complete_fiscal_year,
        c.row_key as topic_area_code,
        c.cell_count::integer as people_count,
        c.suppression_reason_code as people_count_suppression_reason_code,
        case when c.cell_count > 0 then r.record_count::integer end as training_record_count,
        case when c.cell_count > 0 then round(r.amount, 1)::double end as training_hours,
        case
            when c.is_suppressed then c.suppression_reason_code
            when c.cell_count = 0 then 'no_data'
        end as training_hours_suppression_reason_code,
        case when c.cell_count > 0 then round(r.amount / c.cell_count, 1)::double end as training_hours_per_person
    from cells c
    cross join latest_snapshot s
    join fiscal_years y on y.fiscal_year = c.partition_key::integer
    left join sum_records r on r.fiscal_year = c.partition_key::integer and r.topic_area_code = c.row_key
)

select * from final
