-- How much of the education on file is verified: the degrees, certificates, diplomas and CDAs on
-- the records of the active workforce on the latest as-of date, by award level (as the highest
-- award reports it) and the outcome of their latest verification check (SELF_REPORTED when never
-- checked), after disclosure control; verified_pct = verified records / all records of the level
-- under the share rule. Published workforce figures use verified records only (metrics.md): this
-- table shows what that leaves out.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_education_verification_by_award_level'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_education_verification_by_award_level'
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        partition_key::date as snapshot_date,
        row_key as award_level_code,
        (max(cell_count) filter (where column_key = 'ALL'))::integer as record_count,
        max(suppression_reason_code) filter (where column_key = 'ALL') as record_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'VERIFIED'))::integer as verified_count,
        max(suppression_reason_code) filter (where column_key = 'VERIFIED') as verified_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'SELF_REPORTED'))::integer as self_reported_count,
        max(suppression_reason_code) filter (where column_key = 'SELF_REPORTED')
            as self_reported_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'NEEDS_INFORMATION'))::integer as needs_information_count,
        max(suppression_reason_code) filter (where column_key = 'NEEDS_INFORMATION')
            as needs_information_count_suppression_reason_code,
        (max(cell_count) filter (where column_key = 'REJECTED'))::integer as rejected_count,
        max(suppression_reason_code) filter (where column_key = 'REJECTED') as rejected_count_suppression_reason_code,
        bool_or(is_suppressed) filter (where column_key in ('ALL', 'VERIFIED')) as is_share_count_suppressed
    from cells
    group by partition_key, row_key
),

apply_share_rule as (
    select
        u.partition_key::date as snapshot_date,
        u.row_key as award_level_code,
        max(u.cell_count) filter (where u.column_key = 'ALL') as total,
        max(u.cell_count) filter (where u.column_key = 'VERIFIED') as verified
    from unsuppressed_cells u
    group by u.partition_key, u.row_key
),

final as (
    select
        p.snapshot_date,
        p.award_level_code,
        p.record_count,
        p.record_count_suppression_reason_code,
        p.verified_count,
        p.verified_count_suppression_reason_code,
        p.self_reported_count,
        p.self_reported_count_suppression_reason_code,
        p.needs_information_count,
        p.needs_information_count_suppression_reason_code,
        p.rejected_count,
        p.rejected_count_suppression_reason_code,
        case
            when not too_few_share(a.verified, a.total, r.min_cell_count, r.min_share_denominator_multiple)
                and not p.is_share_count_suppressed
                then round(a.verified / a.total, 4)
        end as verified_pct,
        case
            when a.total = 0 then 'no_data'
            when too_few_share(a.verified, a.total, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
            when p.is_share_count_suppressed then 'complementary'
        end as verified_pct_suppression_reason_code
    from pivot_counts p
    join apply_share_rule a using (snapshot_date, award_level_code)
    cross join rules r
)

select * from final
