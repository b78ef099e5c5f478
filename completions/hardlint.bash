# bash completion for hardlint: options from `hardlint --help`, formats,
# severities, and rule slugs from `hardlint --list-rules` (asked of the
# hardlint being completed, so they are always its own).
_hardlint()
{
	local cur prev words cword
	_init_completion -s 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	}
	local hl=${COMP_WORDS[0]}
	case $prev in
	-f | --format)
		COMPREPLY=($(compgen -W 'text compact json sarif checkstyle junit github gitlab gnu markdown' -- "$cur"))
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W 'error warning info style none' -- "$cur"))
		return ;;
	--min-severity)
		COMPREPLY=($(compgen -W 'error warning info style' -- "$cur"))
		return ;;
	--color)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return ;;
	--kind)
		COMPREPLY=($(compgen -W 'dockerfile kubernetes' -- "$cur"))
		return ;;
	--helm-templates)
		COMPREPLY=($(compgen -W 'error skip' -- "$cur"))
		return ;;
	--profile)
		COMPREPLY=($(compgen -W 'all cis-docker cis-kubernetes pss-baseline pss-restricted' -- "$cur"))
		return ;;
	--only | --enable | --disable | --explain)
		local slugs
		slugs=$("$hl" --list-rules 2>/dev/null | awk 'NR > 1 { print $2 }')
		# a comma-separated list: complete its last item, keep the rest
		local pre=
		[[ $cur == *,* ]] && pre=${cur%,*},
		COMPREPLY=($(compgen -W "$slugs" -P "$pre" -- "${cur##*,}"))
		return ;;
	-o | --output | --config | --baseline | --write-baseline | --rules | \
		--context | --sarif-srcroot | --stdin-filename)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		local opts
		opts=$("$hl" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]+' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _hardlint hardlint
