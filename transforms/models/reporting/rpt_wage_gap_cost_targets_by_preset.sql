-- The target schedules of the wage-target presets (seeds.wage_target_presets) as published: each row's
-- hourly target, K-12 parity rows resolved against the parity benchmark of seeds.wage_benchmarks
-- (k12_parity_pct x its hourly rate at 2080 hours, rounded to cents). Reference data, no counts.
with presets as (
    select * from seeds.wage_target_presets
),

benchmark as (
    select
        benchmark_code,
        hourly_wage_from_annual_2080_usd::double as k12_hourly_wage_usd,
        annual_wage_usd::double as k12_annual_wage_usd
    from seeds.wage_benchmarks
    where is_parity_benchmark = 'Y'
),

final as (
    select
        p.preset_code,
        p.preset_name,
        p.role_code,
        p.qualification_level_code,
        p.k12_parity_pct::double as k12_parity_pct,
        round(coalesce(p.target_hourly_wage_usd, p.k12_parity_pct * b.k12_hourly_wage_usd), 2)::double
            as target_hourly_wage_usd,
        case when p.k12_parity_pct is not null then b.benchmark_code end as k12_benchmark_code,
        case when p.k12_parity_pct is not null then b.k12_hourly_wage_usd end as k12_benchmark_hourly_wage_usd,
        p.description,
        p.source
    from presets p
    left join benchmark b on true
)

select * from final
