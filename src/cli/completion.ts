// `sentinel completion bash|zsh|fish|powershell`: a script that completes the
// commands, flags and enum values, generated from the same command tree commander
// reads, so it never lists a command that does not exist.
import type { Command } from "commander";
import { IncidentClassification, IncidentClassificationReason, IncidentSeverity, IncidentStatus } from "../api/enums.js";
import { UsageError } from "./errors.js";
import { OUTPUT_FORMATS } from "./output/format.js";

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

/** Values a flag takes, for completing after it. */
const FLAG_VALUES: Record<string, readonly string[]> = {
  "--severity": IncidentSeverity,
  "--status": IncidentStatus,
  "--classification": IncidentClassification,
  "--reason": IncidentClassificationReason,
  "--output": OUTPUT_FORMATS,
  "-o": OUTPUT_FORMATS,
  "--cloud": ["public", "usgov", "china"],
  "--auth": ["default", "cli", "msi", "env", "devicecode", "interactive"],
  "--transport": ["stdio", "http"],
};

interface Node {
  /** Space-joined path below `sentinel`, "" for the root. */
  path: string;
  subcommands: string[];
  flags: string[];
}

function walk(cmd: Command, path: string[], out: Node[]): void {
  const subs = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const flags = cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
  out.push({ path: path.join(" "), subcommands: subs.flatMap((c) => [c.name(), ...c.aliases()]), flags: [...flags, "--help"] });
  for (const c of subs) {
    for (const name of [c.name(), ...c.aliases()]) walk(c, [...path, name], out);
  }
}

export function completionScript(program: Command, shell: string): string {
  const nodes: Node[] = [];
  walk(program, [], nodes);
  switch (shell) {
    case "bash":
      return bash(nodes);
    case "zsh":
      // zsh runs bash completion functions through bashcompinit.
      return `autoload -U +X bashcompinit && bashcompinit\n${bash(nodes)}`;
    case "fish":
      return fish(nodes);
    case "powershell":
      return powershell(nodes);
    default:
      throw new UsageError(`completion: the shell '${shell}' is not supported; use one of: ${SHELLS.join(", ")}`);
  }
}

const words = (list: readonly string[]) => list.join(" ");

function bash(nodes: Node[]): string {
  const cases = nodes.map((n) => `    "${n.path}") cmds="${words(n.subcommands)}"; flags="${words(n.flags)}" ;;`).join("\n");
  const values = Object.entries(FLAG_VALUES).map(([f, v]) => `    ${f}) COMPREPLY=( $(compgen -W "${words(v)}" -- "$cur") ); return ;;`).join("\n");
  return `# sentinel completion for bash: source <(sentinel completion bash)
_sentinel() {
  local cur prev path i w cmds flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${values}
  esac
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case "\${path:+$path }$w" in
${nodes.map((n) => `      "${n.path}") ;;`).filter((l) => !l.includes('"")')).join("\n")}
      *) continue ;;
    esac
    path="\${path:+$path }$w"
  done
  cmds=""; flags=""
  case "$path" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$cmds" -- "$cur") )
  fi
}
complete -F _sentinel sentinel
`;
}

function fish(nodes: Node[]): string {
  const lines = ["# sentinel completion for fish: sentinel completion fish | source", "complete -c sentinel -f"];
  for (const n of nodes) {
    const parts = n.path === "" ? [] : n.path.split(" ");
    const cond = parts.length === 0 ? "__fish_use_subcommand" : `__fish_seen_subcommand_from ${parts[parts.length - 1]}`;
    for (const s of n.subcommands) lines.push(`complete -c sentinel -n '${cond}' -a '${s}'`);
    for (const f of n.flags) {
      if (!f.startsWith("--")) continue;
      const values = FLAG_VALUES[f];
      lines.push(`complete -c sentinel -n '${cond}' -l '${f.slice(2)}'${values ? ` -x -a '${words(values)}'` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function powershell(nodes: Node[]): string {
  const table = nodes.map((n) => `  '${n.path}' = @(${[...n.subcommands, ...n.flags].map((w) => `'${w}'`).join(", ")})`).join("\n");
  const values = Object.entries(FLAG_VALUES).map(([f, v]) => `  '${f}' = @(${v.map((w) => `'${w}'`).join(", ")})`).join("\n");
  return `# sentinel completion for PowerShell: sentinel completion powershell | Out-String | Invoke-Expression
$sentinelTree = @{
${table}
}
$sentinelValues = @{
${values}
}
Register-ArgumentCompleter -Native -CommandName sentinel -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = $words[0..($words.Count - 2)] }
  $path = ''
  foreach ($w in $words) {
    if ($w.StartsWith('-')) { continue }
    $next = if ($path) { "$path $w" } else { $w }
    if ($sentinelTree.ContainsKey($next)) { $path = $next }
  }
  $candidates = $sentinelTree[$path]
  if ($words.Count -gt 0 -and $sentinelValues.ContainsKey($words[-1])) { $candidates = $sentinelValues[$words[-1]] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
