-- Verified credit-bearing college coursework completed in each state fiscal year (of the
-- completion date) by credit area, after disclosure control: members with such a course (a member
-- counts once per area and once in ALL), the courses and the college credits they add up to.
-- Verification status as of the latest as-of date (metrics.md: verified records only). The credits
-- of the areas add up to the year's, so the areas and the year form one protected group, and an
-- amount is published only with the member count it rests on.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_college_credits_by_fiscal_year_area'
),

records as (
    select *, year(completed_date) + case when month(completed_date) >= 7 then 1 else 0 end as record_fiscal_year
    from marts.fct_coursework_credits
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
        case when grouping(credit_area_code) = 1 then 'ALL' else credit_area_code end as credit_area_code,
        count(*) as record_count,
        sum(credits) as amount
    from records
    group by grouping sets ((record_fiscal_year, credit_area_code), (record_fiscal_year))
),

final as (
    select
        c.partition_key::integer as fiscal_year,
        y.fiscal_year_end_date <= s.snapshot_date as is_complete_fiscal_year,
        c.row_key as credit_area_code,
        c.cell_count::integer as people_count,
        c.suppression_reason_code as people_count_suppression_reason_code,
        case when c.cell_count > 0 then r.record_count::integer end as course_count,
        case when c.cell_count > 0 then round(r.amount, 1)::double end as credits,
        case
            when c.is_suppressed then c.suppression_reason_code
            when c.cell_count = 0 then 'no_data'
        end as credits_suppression_reason_code,
        case when c.cell_count > 0 then round(r.amount / c.cell_count, 1)::double end as credits_per_person
    from cells c
    cross join latest_snapshot s
    join fiscal_years y on y.fiscal_year = c.partition_key::integer
    left join sum_records r on r.fiscal_year = c.partition_key::integer and r.credit_area_code = c.row_key
)

select * from final
