-- The staff-qualification benchmarks (seeds.qualification_benchmarks): every legal target of the
-- Connecticut goal for covered classrooms' designated QSMs and of the federal Head Start goal, past,
-- in force and upcoming, with its law and source. Public reference data (no counts): the goal charts
-- draw the targets still to come from it, which no snapshot date has in force yet.
with benchmarks as (
    select * from seeds.qualification_benchmarks
),

final as (
    select
        benchmark_id,
        display_order::integer as display_order,
        benchmark_series_code,
        jurisdiction_code,
        target_qualification_code,
        target_share_pct::double as target_share_pct,
        effective_from_date,
        effective_to_date,
        deadline_date,
        law_citation,
        applies_to,
        description,
        source
    from benchmarks
    where target_share_pct is not null
)

select * from final
