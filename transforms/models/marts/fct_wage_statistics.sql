-- Hourly-wage statistics of the active workforce (primary spell, metrics.md) before disclosure
-- control, for the three wage tables of the reporting layer: by role and setting on every snapshot
-- date, and by highest verified award and setting and by planning region and setting on the annual
-- snapshot dates (every June 30 and every extract's as-of date). 'ALL' is a total. Also the inputs
-- of the wage-statistic publishing rule: how many programs the people work at and how many work at
-- the largest one (the rule itself is applied in reporting).
--
-- The percentiles are exactly DuckDB's quantile_cont over the people of a cell (the value at
-- position h = (n - 1) * q of the sorted wages, interpolated between the values at floor(h) and
-- ceil(h)), found without sorting every wage of every cell (quantile_cont keeps every value of every
-- cell in memory: out of memory at 2,000,000 members; a running count over every distinct wage of
-- every cell took 4 minutes there). Two passes over the wage rows:
--   1. count the people of each cell by 10-cent wage band (a band holds the wages w with
--      floor(w * 10) = band, so bands are ordered as their wages are), add the counts into the
--      'ALL' cells, and find the band holding each needed position and the position's rank in it;
--   2. read again only the wages in those bands of those cells and rank them within the band.
-- The cells and their people come from marts.fct_wage_earner_cells (its own statement: the two
-- grouped counts at once did not fit a 3GB memory limit at 2,000,000 members).

-- The breakdowns of each snapshot date: ROLE on every one, HIGHEST_AWARD and PLANNING_REGION on the
-- annual ones (a small table joined by date: a per-row unnest was materialised whole at scale).
with date_breakdowns as (
    select d.calendar_date as snapshot_date, b.breakdown
    from marts.dim_dates d
    cross join unnest(['ROLE', 'HIGHEST_AWARD', 'PLANNING_REGION']) as b(breakdown)
    where d.is_snapshot_date
        and (b.breakdown = 'ROLE' or (d.month_number = 6 and d.is_month_end) or d.is_extract_as_of_date)
),

geography as (
    select * from marts.dim_geography
),

-- Each wage earner once per breakdown of the date (read by pass 1 only; pass 2 reads the snapshot).
by_breakdown as (
    select
        w.snapshot_date,
        b.breakdown,
        case b.breakdown
            when 'ROLE' then w.role_code
            when 'HIGHEST_AWARD' then w.highest_award_code
            else coalesce(g.planning_region_fips, 'UNKNOWN')
        end as breakdown_code,
        w.setting_code,
        floor(w.hourly_wage_usd * 10)::bigint as wage_band,
        w.hourly_wage_usd
    from marts.fct_workforce_monthly w
    join date_breakdowns b using (snapshot_date)
    left join geography g on g.town_name = w.program_town_name
    where w.hourly_wage_usd is not null
        -- in an incremental build, only the dates recomputed (DuckDB does not push the build's date
        -- filter through the bands' running counts: 8 s of CPU for 3 dates of 174)
        and w.snapshot_date >= coalesce(getvariable('incremental_from'), '-infinity'::date)
),

-- Pass 1. People by wage band in each cell, then in each cell and its totals: a cell's count also
-- goes to (ALL, setting), (breakdown value, ALL) and (ALL, ALL).
count_people_by_band_in_cell as (
    select snapshot_date, breakdown, breakdown_code, setting_code, wage_band, count(*) as people_count
    from by_breakdown
    group by snapshot_date, breakdown, breakdown_code, setting_code, wage_band
),

count_people_by_band as (
    select
        w.snapshot_date,
        w.breakdown,
        c.breakdown_code,
        s.setting_code,
        w.wage_band,
        sum(w.people_count)::bigint as people_count
    from count_people_by_band_in_cell w
    cross join unnest([w.breakdown_code, 'ALL']) as c(breakdown_code)
    cross join unnest([w.setting_code, 'ALL']) as s(setting_code)
    group by w.snapshot_date, w.breakdown, c.breakdown_code, s.setting_code, w.wage_band
),

-- People before each band and up to its end (0-based positions: the band holds positions
-- people_before .. people_through - 1).
accumulate_bands as (
    select
        *,
        sum(people_count) over (
            partition by snapshot_date, breakdown, breakdown_code, setting_code
            order by wage_band
            rows between unbounded preceding and current row
        ) as people_through
    from count_people_by_band
),

-- The positions each cell needs: floor(h) and ceil(h) of each quartile, h = (n - 1) * q.
needed_positions as (
    select distinct
        c.snapshot_date,
        c.breakdown,
        c.breakdown_code,
        c.setting_code,
        p.position::bigint as position
    from marts.fct_wage_earner_cells c
    cross join unnest([0.25::double, 0.5::double, 0.75::double]) as q(q)
    cross join unnest([
        floor((c.people_count - 1)::double * q.q),
        ceil((c.people_count - 1)::double * q.q)
    ]) as p(position)
),

locate_positions as (
    select
        p.snapshot_date,
        p.breakdown,
        p.breakdown_code,
        p.setting_code,
        p.position,
        b.wage_band,
        p.position - (b.people_through - b.people_count) as rank_in_band
    from needed_positions p
    join accumulate_bands b
        on b.snapshot_date = p.snapshot_date
        and b.breakdown = p.breakdown
        and b.breakdown_code = p.breakdown_code
        and b.setting_code = p.setting_code
        and p.position >= b.people_through - b.people_count
        and p.position < b.people_through
),

-- Pass 2. The wage rows of the needed bands, each under every cell that needs it (its own cell,
-- or a total it goes into), ranked within the band.
needed_bands as (
    select distinct snapshot_date, breakdown, breakdown_code, setting_code, wage_band
    from locate_positions
),

needed_cell_bands as (
    select distinct
        n.snapshot_date,
        n.breakdown,
        c.breakdown_code as cell_breakdown_code,
        c.setting_code as cell_setting_code,
        n.wage_band,
        n.breakdown_code,
        n.setting_code
    from needed_bands n
    join count_people_by_band_in_cell c
        on c.snapshot_date = n.snapshot_date
        and c.breakdown = n.breakdown
        and c.wage_band = n.wage_band
        and (n.breakdown_code = 'ALL' or n.breakdown_code = c.breakdown_code)
        and (n.setting_code = 'ALL' or n.setting_code = c.setting_code)
),

rank_wages_in_band as (
    -- The wage rows are joined to the needed bands directly (not through by_breakdown, whose rows
    -- DuckDB underestimates: it hashed all 81 million of them).
    select
        n.snapshot_date,
        n.breakdown,
        n.breakdown_code,
        n.setting_code,
        n.wage_band,
        w.hourly_wage_usd,
        row_number() over (
            partition by n.snapshot_date, n.breakdown, n.breakdown_code, n.setting_code, n.wage_band
            order by w.hourly_wage_usd
        ) - 1 as rank_in_band
    from marts.fct_workforce_monthly w
    left join geography g on g.town_name = w.program_town_name
    -- the needed bands as the hash table (see wage_at_position)
    join (select unnest(list(b), recursive := true) from needed_cell_bands b) n
        on n.snapshot_date = w.snapshot_date
        and n.wage_band = floor(w.hourly_wage_usd * 10)::bigint
        and n.cell_setting_code = w.setting_code
        and n.cell_breakdown_code = case n.breakdown
            when 'ROLE' then w.role_code
            when 'HIGHEST_AWARD' then w.highest_award_code
            else coalesce(g.planning_region_fips, 'UNKNOWN')
        end
    where w.hourly_wage_usd is not null
        and w.snapshot_date >= coalesce(getvariable('incremental_from'), '-infinity'::date)
),

-- A hash join's table is built from the side DuckDB estimates smaller, and its estimates of the
-- needed bands and positions (derived through range joins) run to tens or hundreds of millions of
-- rows: it hashed the 69 million wage rows (30 s instead of 17 s at 2,000,000 members) or the
-- 10 million ranked ones. Those few thousand rows are passed through list() and unnest(), an
-- aggregate of one row that DuckDB estimates as small, so they are the side it hashes.
wage_at_position as (
    select l.snapshot_date, l.breakdown, l.breakdown_code, l.setting_code, l.position, r.hourly_wage_usd
    from rank_wages_in_band r
    join (select unnest(list(p), recursive := true) from locate_positions p) l using (snapshot_date, breakdown, breakdown_code, setting_code, wage_band, rank_in_band)
),

find_quantile_neighbours as (
    select
        c.snapshot_date,
        c.breakdown,
        c.breakdown_code,
        c.setting_code,
        c.people_count,
        c.program_count,
        c.largest_program_people_count,
        (c.people_count - 1)::double * 0.25::double as p25_position,
        (c.people_count - 1)::double * 0.5::double as p50_position,
        (c.people_count - 1)::double * 0.75::double as p75_position,
        min(w.hourly_wage_usd) filter (where w.position = floor((c.people_count - 1)::double * 0.25::double)) as p25_low,
        min(w.hourly_wage_usd) filter (where w.position = ceil((c.people_count - 1)::double * 0.25::double)) as p25_high,
        min(w.hourly_wage_usd) filter (where w.position = floor((c.people_count - 1)::double * 0.5::double)) as p50_low,
        min(w.hourly_wage_usd) filter (where w.position = ceil((c.people_count - 1)::double * 0.5::double)) as p50_high,
        min(w.hourly_wage_usd) filter (where w.position = floor((c.people_count - 1)::double * 0.75::double)) as p75_low,
        min(w.hourly_wage_usd) filter (where w.position = ceil((c.people_count - 1)::double * 0.75::double)) as p75_high
    from marts.fct_wage_earner_cells c
    join wage_at_position w using (snapshot_date, breakdown, breakdown_code, setting_code)
    group by all
),

-- quantile_cont's interpolation: the value at h when h is whole, else low * (1 - d) + high * d with
-- d = h - floor(h) (the same operations in the same order, so the same double).
final as (
    select
        snapshot_date,
        breakdown,
        breakdown_code,
        setting_code,
        people_count,
        program_count,
        largest_program_people_count,
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
)

select * from final
