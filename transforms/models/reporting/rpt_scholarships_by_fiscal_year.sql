-- OEC scholarships by the fiscal year of the application, as of the latest as-of date (metrics.md,
-- Applications): counts by milestone reached, amounts awarded and paid, completion rate and days
-- to decision. Counts are suppressed per the publishing rules; an amount is published only with
-- the count it sums over; days to decision needs at least k decisions; the completion rate follows
-- the share rule (paid applications as the denominator).
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_scholarships_by_fiscal_year'
),

scholarships as (
    select * from marts.fct_applications where application_type_code = 'SCHOLARSHIP'
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        partition_key::date as snapshot_date,
        row_key::integer as fiscal_year,
        max(cell_count) filter (where column_key = 'SUBMITTED') as submitted_count,
        max(suppression_reason_code) filter (where column_key = 'SUBMITTED') as submitted_suppression_reason_code,
        max(cell_count) filter (where column_key = 'APPROVED') as approved_count,
        max(suppression_reason_code) filter (where column_key = 'APPROVED') as approved_suppression_reason_code,
        max(cell_count) filter (where column_key = 'DENIED') as denied_count,
        max(suppression_reason_code) filter (where column_key = 'DENIED') as denied_suppression_reason_code,
        max(cell_count) filter (where column_key = 'WITHDRAWN') as withdrawn_count,
        max(suppression_reason_code) filter (where column_key = 'WITHDRAWN') as withdrawn_suppression_reason_code,
        max(cell_count) filter (where column_key = 'PAID') as paid_count,
        max(suppression_reason_code) filter (where column_key = 'PAID') as paid_suppression_reason_code,
        max(cell_count) filter (where column_key = 'COMPLETED') as completed_count,
        max(suppression_reason_code) filter (where column_key = 'COMPLETED') as completed_suppression_reason_code
    from cells
    group by partition_key, row_key
),

summarise_applications as (
    select
        fiscal_year,
        sum(awarded_usd) as awarded_usd,
        sum(paid_usd) as paid_usd,
        count(*) filter (where first_paid_date is not null) as paid,
        count(*) filter (where completed_date is not null) as completed,
        count(days_to_decision) as decisions,
        quantile_cont(days_to_decision, 0.5) as median_days_to_decision,
        quantile_cont(days_to_decision, 0.9) as p90_days_to_decision
    from scholarships
    group by fiscal_year
),

final as (
    select
        p.snapshot_date,
        p.fiscal_year,
        p.submitted_count,
        p.submitted_suppression_reason_code,
        p.approved_count,
        p.approved_suppression_reason_code,
        p.denied_count,
        p.denied_suppression_reason_code,
        p.withdrawn_count,
        p.withdrawn_suppression_reason_code,
        p.paid_count,
        p.paid_suppression_reason_code,
        p.completed_count,
        p.completed_suppression_reason_code,
        case when p.approved_count > 0 then s.awarded_usd end as awarded_usd,
        case when p.paid_count > 0 then s.paid_usd end as paid_usd,
        case
            when not too_few_share(s.completed, s.paid, r.min_cell_count, r.min_share_denominator_multiple)
                and p.paid_count is not null
                and p.completed_count is not null
                then round(s.completed / s.paid, 4)
        end as completion_rate_pct,
        case
            when s.paid = 0 then 'no_data'
            when too_few_share(s.completed, s.paid, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
            when p.paid_count is null or p.completed_count is null then 'complementary'
        end as completion_rate_suppression_reason_code,
        case when s.decisions >= r.min_cell_count then round(s.median_days_to_decision, 1) end as median_days_to_decision,
        case when s.decisions >= r.min_cell_count then round(s.p90_days_to_decision, 1) end as p90_days_to_decision,
        case
            when s.decisions = 0 then 'no_data'
            when s.decisions < r.min_cell_count then 'too_few'
        end as days_to_decision_suppression_reason_code
    from pivot_counts p
    join summarise_applications s using (fiscal_year)
    cross join rules r
)

select * from final
