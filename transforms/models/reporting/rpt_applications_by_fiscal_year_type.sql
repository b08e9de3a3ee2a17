-- Applications made through the registry (OEC scholarships, the Head Teacher designation, the Early
-- Childhood Teacher Credential, TA-provider approval) by type and the fiscal year of the application,
-- as of the latest as-of date (metrics.md, Applications): applications submitted by then, and of
-- them those that reached each milestone by then (approved, denied, appealed, withdrawn, paid,
-- completed: they overlap, an upheld appeal leaves the denial on record); amounts awarded and
-- paid; the completion rate (COMPLETED / PAID); days to decision (first APPROVED or DENIED minus
-- submission) as median and 90th percentile. Counts are suppressed per the publishing rules; an
-- amount is published only with the count it sums over; days to decision needs at least k
-- decisions; the completion rate follows the share rule.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_applications_by_fiscal_year_type'
),

latest_snapshot as (
    select max(calendar_date) as snapshot_date from marts.dim_dates where is_extract_as_of_date
),

applications as (
    select a.*
    from marts.fct_applications a
    cross join latest_snapshot s
    where a.submitted_date <= s.snapshot_date
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        split_part(partition_key, '/', 1)::date as snapshot_date,
        split_part(partition_key, '/', 2) as application_type_code,
        row_key::integer as fiscal_year,
        (max(cell_count) filter (where column_key = 'SUBMITTED'))::integer as submitted_count,
        max(suppression_reason_code) filter (where column_key = 'SUBMITTED') as submitted_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'APPROVED'))::integer as approved_count,
        max(suppression_reason_code) filter (where column_key = 'APPROVED') as approved_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'DENIED'))::integer as denied_count,
        max(suppression_reason_code) filter (where column_key = 'DENIED') as denied_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'APPEALED'))::integer as appealed_count,
        max(suppression_reason_code) filter (where column_key = 'APPEALED') as appealed_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'WITHDRAWN'))::integer as withdrawn_count,
        max(suppression_reason_code) filter (where column_key = 'WITHDRAWN') as withdrawn_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'PAID'))::integer as paid_count,
        max(suppression_reason_code) filter (where column_key = 'PAID') as paid_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'COMPLETED'))::integer as completed_count,
        max(suppression_reason_code) filter (where column_key = 'COMPLETED') as completed_count_suppression_reason_code
    from cells
    group by partition_key, row_key
),

summarise_applications as (
    select
        application_type_code,
        fiscal_year,
        sum(awarded_usd) as awarded_usd,
        sum(paid_usd) as paid_usd,
        count(*) filter (where first_paid_date is not null) as paid,
        count(*) filter (where completed_date is not null) as completed,
        count(days_to_decision) as decisions,
        quantile_cont(days_to_decision, 0.5) as median_days_to_decision,
        quantile_cont(days_to_decision, 0.9) as p90_days_to_decision
    from applications
    group by application_type_code, fiscal_year
),

final as (
    select
        p.snapshot_date,
        p.application_type_code,
        p.fiscal_year,
        p.submitted_count,
        p.submitted_count_suppression_reason_code,
        p.approved_count,
        p.approved_count_suppression_reason_code,
        p.denied_count,
        p.denied_count_suppression_reason_code,
        p.appealed_count,
        p.appealed_count_suppression_reason_code,
        p.withdrawn_count,
        p.withdrawn_count_suppression_reason_code,
        p.paid_count,
        p.paid_count_suppression_reason_code,
        p.completed_count,
        p.completed_count_suppression_reason_code,
        case when p.approved_count > 0 and s.awarded_usd > 0 then round(s.awarded_usd, 0)::double end as awarded_usd,
        case
            when p.approved_count is null then p.approved_count_suppression_reason_code
            when p.approved_count = 0 or coalesce(s.awarded_usd, 0) = 0 then 'no_data'
        end as awarded_usd_suppression_reason_code,
        case when p.paid_count > 0 and s.paid_usd > 0 then round(s.paid_usd, 0)::double end as paid_usd,
        case
            when p.paid_count is null then p.paid_count_suppression_reason_code
            when p.paid_count = 0 or coalesce(s.paid_usd, 0) = 0 then 'no_data'
        end as paid_usd_suppression_reason_code,
        case
            when not too_few_share(s.completed, s.paid, r.min_cell_count, r.min_share_denominator_multiple)
                and p.paid_count is not null
                and p.completed_count is not null
                then round(s.completed / s.paid, 4)
        end as completion_rate_pct,
        case
            when coalesce(s.paid, 0) = 0 then 'no_data'
            when too_few_share(s.completed, s.paid, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
            when p.paid_count is null or p.completed_count is null then 'complementary'
        end as completion_rate_pct_suppression_reason_code,
        case when s.decisions >= r.min_cell_count then round(s.median_days_to_decision, 1) end as median_days_to_decision,
        case when s.decisions >= r.min_cell_count then round(s.p90_days_to_decision, 1) end as p90_days_to_decision,
        case
            when coalesce(s.decisions, 0) = 0 then 'no_data'
            when s.decisions < r.min_cell_count then 'too_few'
        end as days_to_decision_suppression_reason_code
    from pivot_counts p
    left join summarise_applications s using (application_type_code, fiscal_year)
    cross join rules r
)

select * from final
