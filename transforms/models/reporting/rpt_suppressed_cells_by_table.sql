-- Disclosure control (metrics.md, "Publishing rules") for every count cell of the reporting tables:
--   1. a count from 1 to k - 1 is suppressed (too_few); zero is shown. A count of part of a
--      population published in another table (people with a wage, of the active workforce) whose
--      rest (complement_count) is from 1 to k - 1 is suppressed too (complementary: subtracting it
--      from the population would reveal that small rest);
--   2. complementary suppression: while a row group or column group (cells that sum to a total,
--      the total included) has exactly one suppressed cell, the smallest other cell of the group is
--      suppressed too (complementary): a non-total before a total, a non-zero count before a zero
--      (a withheld zero beside a "too few" cell hides nothing: a complementary cell is never 1 to
--      k - 1, so the two would add up to the small one), then by the cell's complement_rank (a year's
--      submitted applications first; its denied ones last, as the denials table publishes them),
--      then the smaller count, then the keys;
--   3. an audit of what can be worked out: a reader who knows every published count, that the parts
--      of a group add up to its total (row_sum_role, column_sum_role), that a "too few" count is 1
--      to k - 1 and that a complementary one is 0 or at least k, can narrow each withheld count to
--      an interval, by bounds propagation: each group's equation bounds each of its cells by the
--      others' bounds, repeated until no bound moves. A cell withheld for itself (too few, or its
--      small rest) whose interval is a single value would be recovered: the first published
--      companion (ordered as in 2, a non-zero count first) of its row or column group, whichever is
--      the smaller count, is withheld too (complementary), and the audit starts again. Never a
--      total: totals are published in other tables too (the workforce by role or setting, the
--      covered rooms), so withholding one here would hide nothing. A cell only a withheld total
--      could protect stays pinned: none at 24,000 members; 13 of 18,157 too-few cells at 3,000
--      members, in sparse early years (test/transforms/reconciliation.test.ts).
--   Steps 2 and 3 repeat until no group has a lone suppressed cell and no such cell is pinned (a
--   pinned cell is acted on as soon as no group has a lone cell: bounds only narrow, so a value
--   pinned once stays pinned until something more is withheld).
-- The iteration is a recursive CTE. Groups never cross a (table_name, partition_key) partition, so
-- each partition iterates until it has no change of its own (its last step is its result). Speed:
-- the iteration carries numbers only (a cell's partition, groups and place in the companion order
-- as integers, its text joined back at the end), and each step's group sums and flags are GROUP BY
-- aggregates joined back (a window operator costs about 10 ms a step even on a hundred rows: a
-- sparse partition, such as the 2017 workforce profile by award, takes 78 steps in 9 rounds of
-- escalation, 2.0 s with windows, 0.7-1.1 s with GROUP BY). Most partitions settle in 2-9 steps.
with recursive cells as (
    select * from marts.fct_publication_cells
),

rules as (
    select * from staging.stg_publishing_rules
),

apply_primary_suppression as (
    select
        c.*,
        r.min_cell_count as k,
        too_few_count(c.cell_count, r.min_cell_count) as is_too_few,
        coalesce(c.cell_count > 0 and too_few_count(c.complement_count, r.min_cell_count), false)
            as protects_rest
    from cells c
    cross join rules r
),

-- Each cell numbered: its partition, row group and column group as integers (null: in no group),
-- and its place in the order companions are chosen in (step 2's order; within a group, the first
-- published cell in this order is the group's next companion).
number_cells as (
    select
        *,
        row_number() over () as cell_id,
        dense_rank() over (order by table_name, partition_key) as partition_id,
        case when row_group_key is not null then
            dense_rank() over (order by table_name, partition_key, row_group_key)
        end as row_group_id,
        case when column_group_key is not null then
            dense_rank() over (order by table_name, partition_key, column_group_key)
        end as column_group_id,
        row_number() over (
            partition by table_name, partition_key
            order by is_total, cell_count = 0, complement_rank, cell_count, row_key, column_key
        ) as companion_order
    from apply_primary_suppression
),

suppress_complements as (
    -- What a reader knows of a cell before any equation: its count when published; 1 to k - 1 when
    -- too few; otherwise 0 or at least k (10^12 stands for no upper bound).
    select
        cell_id,
        partition_id,
        row_group_id,
        column_group_id,
        companion_order,
        cell_count,
        is_total,
        row_sum_role,
        column_sum_role,
        k,
        is_too_few,
        is_too_few or protects_rest as must_stay_hidden,
        is_too_few or protects_rest as is_suppressed,
        case when is_too_few then 1 when protects_rest then 0 else cell_count end as lower_bound,
        case when is_too_few then k - 1 when protects_rest then 1000000000000 else cell_count end as upper_bound,
        0 as iteration,
        true as has_changed
    from number_cells
    union all
    select
        cell_id,
        partition_id,
        row_group_id,
        column_group_id,
        companion_order,
        cell_count,
        is_total,
        row_sum_role,
        column_sum_role,
        k,
        is_too_few,
        must_stay_hidden,
        will_be_suppressed,
        -- a newly withheld cell in the partition: the audit starts again from what is published
        case
            when not suppression_changed then new_lower_bound
            when not will_be_suppressed then cell_count
            when is_too_few then 1
            else 0
        end,
        case
            when not suppression_changed then new_upper_bound
            when not will_be_suppressed then cell_count
            when is_too_few then k - 1
            else 1000000000000
        end,
        iteration + 1,
        suppression_changed or bounds_moved
    from (
        with working as (
            select * from suppress_complements where has_changed
        ),

        -- each group's sums and its next companion (the first published cell in companion order)
        row_groups as (
            select
                row_group_id,
                count(*) filter (where is_suppressed) as row_suppressed_count,
                min(companion_order) filter (where not is_suppressed) as row_first_companion,
                arg_min(cell_count, companion_order) filter (where not is_suppressed) as row_first_count,
                arg_min(is_total, companion_order) filter (where not is_suppressed) as row_first_is_total,
                sum(lower_bound) filter (where row_sum_role = 'PART') as row_parts_lower,
                sum(upper_bound) filter (where row_sum_role = 'PART') as row_parts_upper,
                max(lower_bound) filter (where row_sum_role = 'TOTAL') as row_total_lower,
                max(upper_bound) filter (where row_sum_role = 'TOTAL') as row_total_upper
            from working
            where row_group_id is not null
            group by row_group_id
        ),

        column_groups as (
            select
                column_group_id,
                count(*) filter (where is_suppressed) as column_suppressed_count,
                min(companion_order) filter (where not is_suppressed) as column_first_companion,
                arg_min(cell_count, companion_order) filter (where not is_suppressed) as column_first_count,
                arg_min(is_total, companion_order) filter (where not is_suppressed) as column_first_is_total,
                sum(lower_bound) filter (where column_sum_role = 'PART') as column_parts_lower,
                sum(upper_bound) filter (where column_sum_role = 'PART') as column_parts_upper,
                max(lower_bound) filter (where column_sum_role = 'TOTAL') as column_total_lower,
                max(upper_bound) filter (where column_sum_role = 'TOTAL') as column_total_upper
            from working
            where column_group_id is not null
            group by column_group_id
        ),

        -- the bounds a group's equation gives: a part is its total less the other parts; a total is
        -- the sum of its parts
        equations as (
            select
                *,
                case
                    when not is_suppressed then lower_bound
                    else greatest(
                        lower_bound,
                        case row_sum_role
                            when 'PART' then row_total_lower - (row_parts_upper - upper_bound)
                            when 'TOTAL' then row_parts_lower
                        end,
                        case column_sum_role
                            when 'PART' then column_total_lower - (column_parts_upper - upper_bound)
                            when 'TOTAL' then column_parts_lower
                        end
                    )
                end as raw_lower_bound,
                case
                    when not is_suppressed then upper_bound
                    else least(
                        upper_bound,
                        case row_sum_role
                            when 'PART' then row_total_upper - (row_parts_lower - lower_bound)
                            when 'TOTAL' then row_parts_upper
                        end,
                        case column_sum_role
                            when 'PART' then column_total_upper - (column_parts_lower - lower_bound)
                            when 'TOTAL' then column_parts_upper
                        end
                    )
                end as raw_upper_bound
            from working
            left join row_groups using (row_group_id)
            left join column_groups using (column_group_id)
        ),

        decisions as (
            select
                *,
                -- the group (of the two) whose first companion is the smaller count, a non-zero one
                -- before a zero; never a total
                case
                    when not (must_stay_hidden and is_suppressed and lower_bound = upper_bound and k > 2)
                        then null
                    when row_sum_role is not null and not row_first_is_total
                        and (column_sum_role is null or column_first_is_total is distinct from false
                            or (row_first_count = 0, row_first_count)
                                <= (column_first_count = 0, column_first_count))
                        then 'row'
                    when column_sum_role is not null and not column_first_is_total
                        then 'column'
                end as pinned_by,
                -- a complementary count is 0 or at least k
                case
                    when not is_suppressed or is_too_few then raw_lower_bound
                    when raw_lower_bound >= 1 then greatest(raw_lower_bound, k)
                    else raw_lower_bound
                end as new_lower_bound,
                case
                    when not is_suppressed or is_too_few then raw_upper_bound
                    when raw_upper_bound < k then 0
                    else raw_upper_bound
                end as new_upper_bound,
                -- step 2: the first companion of a group with one withheld cell
                coalesce(
                    (row_group_id is not null and row_suppressed_count = 1
                        and companion_order = row_first_companion)
                    or (column_group_id is not null and column_suppressed_count = 1
                        and companion_order = column_first_companion),
                    false
                ) as adds_lone_companion
            from equations
        ),

        partition_flags as (
            select
                partition_id,
                bool_or(new_lower_bound <> lower_bound or new_upper_bound <> upper_bound) as bounds_moved,
                bool_or(adds_lone_companion) as any_lone
            from decisions
            group by partition_id
        ),

        row_pins as (
            select row_group_id, bool_or(pinned_by = 'row') as row_needs_companion
            from decisions
            where row_group_id is not null
            group by row_group_id
        ),

        column_pins as (
            select column_group_id, bool_or(pinned_by = 'column') as column_needs_companion
            from decisions
            where column_group_id is not null
            group by column_group_id
        ),

        choices as (
            select
                *,
                is_suppressed
                or adds_lone_companion
                or (
                    -- a pinned cell (bounds only narrow, so one pinned now stays pinned), once no
                    -- group has a lone cell
                    not any_lone
                    and (
                        (coalesce(row_needs_companion, false) and companion_order = row_first_companion)
                        or (coalesce(column_needs_companion, false) and companion_order = column_first_companion)
                    )
                ) as will_be_suppressed
            from decisions
            join partition_flags using (partition_id)
            left join row_pins using (row_group_id)
            left join column_pins using (column_group_id)
        ),

        partition_changes as (
            select partition_id, bool_or(will_be_suppressed <> is_suppressed) as suppression_changed
            from choices
            group by partition_id
        )

        select * from choices join partition_changes using (partition_id)
    )
),

keep_last_iteration as (
    select cell_id, is_suppressed
    from suppress_complements
    qualify iteration = max(iteration) over (partition by partition_id)
),

final as (
    select
        c.table_name,
        c.partition_key,
        c.row_key,
        c.column_key,
        c.is_total,
        case when not s.is_suppressed then c.cell_count end as cell_count,
        s.is_suppressed,
        case
            when c.is_too_few then 'too_few'
            when s.is_suppressed then 'complementary'
        end as suppression_reason_code,
        c.row_group_key,
        c.column_group_key
    from number_cells c
    join keep_last_iteration s using (cell_id)
)

select * from final
