" Headless Vim + ALE end-to-end driver for pyrer's language server.
" Loads a client configuration (the tested snippet of docs/editors/vim.md, path in $PYRER_VIM_CONFIG), opens a
" package.py ($PYRER_VIM_PACKAGE) whose requirements follow accents, an emoji and CJK text on the same line, waits for
" diagnostics, asks for a hover, applies the server's quick fix with ALE, edits, opens a request list
" ($PYRER_VIM_REQUESTS), then adds a package to the repository ($PYRER_VIM_REPO, outside the project) on disk.
" Writes one JSON record to $PYRER_VIM_OUT and quits (exit 1 on a Vim error).
" Run: vim -N -u NONE -i NONE -Es -S ale_driver.vim

let s:wait_ms = str2nr(empty($PYRER_VIM_WAIT_MS) ? '20000' : $PYRER_VIM_WAIT_MS)
let s:result = {'errors': []}
set hidden

function! s:Diagnostics(buffer) abort
  let l:out = []
  for l:item in ale#engine#GetLoclist(a:buffer)
    if get(l:item, 'linter_name', '') is# 'pyrer'
      " ALE puts the LSP character + 1 in `col` and takes it as a byte column (Vim's unit)
      call add(l:out, {'code': get(l:item, 'code', '?'), 'line': l:item.lnum - 1, 'col': l:item.col - 1,
      \                'end_col': l:item.end_col, 'message': l:item.text})
    endif
  endfor
  return sort(l:out, {a, b -> a.line != b.line ? a.line - b.line : a.col - b.col})
endfunction

function! s:Codes(buffer) abort
  return join(map(s:Diagnostics(a:buffer), 'v:val.code'), ',')
endfunction

" Let ALE read the server until `Done()` is true or the wait runs out (:sleep lets channel callbacks run).
function! s:WaitUntil(Done) abort
  let l:start = reltime()
  while !a:Done() && reltimefloat(reltime(l:start)) * 1000 < s:wait_ms
    sleep 50m
  endwhile
endfunction

function! s:WaitFor(buffer, want) abort
  call s:WaitUntil({-> s:Codes(a:buffer) is# a:want})
  return s:Diagnostics(a:buffer)
endfunction

" A request of our own on ALE's connection to pyrer (what :ALEHover and :ALECodeAction send), its result.
let s:answers = {}
let s:ids = {}
function! s:OnResponse(conn_id, response) abort
  if has_key(a:response, 'id') && has_key(s:ids, a:response.id)
    let s:answers[remove(s:ids, a:response.id)] = get(a:response, 'result', {})
  endif
endfunction

function! s:Send(name, message, linter, details) abort
  call ale#lsp#RegisterCallback(a:details.connection_id, function('s:OnResponse'))
  let s:ids[ale#lsp#Send(a:details.connection_id, a:message)] = a:name
endfunction

function! s:Request(name, method, params) abort
  let s:answers[a:name] = v:null
  let l:linter = filter(ale#linter#Get(&filetype), 'v:val.name is# "pyrer"')[0]
  call ale#lsp_linter#StartLSP(bufnr(''), l:linter, function('s:Send', [a:name, [0, a:method, a:params]]))
  call s:WaitUntil({-> s:answers[a:name] isnot v:null})
  return s:answers[a:name]
endfunction

function! s:Here() abort
  return {'textDocument': {'uri': ale#path#ToFileURI(expand('%:p'))},
  \       'position': {'line': line('.') - 1, 'character': col('.') - 1}}
endfunction

function! s:Scenario() abort
  execute 'source ' . fnameescape($PYRER_VIM_CONFIG)
  let s:result.vim = v:version
  execute 'edit ' . fnameescape($PYRER_VIM_PACKAGE)
  let l:pkg = bufnr('')
  let s:result.package_filetype = &filetype
  ALELint
  let s:result.initial = s:WaitFor(l:pkg, 'PYRER006,PYRER004,PYRER006')

  " hover inside "pyton" (ALE sends Vim's byte column)
  call cursor(3, 1)
  call search('pyton', 'c', 3)
  normal! 2l
  let l:hover = s:Request('hover', 'textDocument/hover', s:Here())
  let s:result.hover = type(l:hover) == v:t_dict ? get(get(l:hover, 'contents', {}), 'value', '') : ''
  let s:result.hover_kind = type(l:hover) == v:t_dict ? get(get(l:hover, 'contents', {}), 'kind', '') : ''

  " the quick fix for the unknown family, applied by ALE
  let l:unknown = filter(s:Diagnostics(l:pkg), 'v:val.code is# "PYRER004"')[0]
  let l:range = {'start': {'line': 2, 'character': l:unknown.col}, 'end': {'line': 2, 'character': l:unknown.end_col}}
  let l:actions = s:Request('actions', 'textDocument/codeAction', {'textDocument': s:Here().textDocument,
  \   'range': l:range, 'context': {'diagnostics': []}})
  let l:fix = filter(copy(type(l:actions) == v:t_list ? l:actions : []), 'v:val.title is# "Replace ''pyton'' with ''python''"')
  let s:result.fix_title = empty(l:fix) ? '' : l:fix[0].title
  if !empty(l:fix)
    call ale#codefix#ApplyLSPCodeAction({}, l:fix[0])
  endif
  let s:result.fixed_line = getline(3)
  ALELint
  let s:result.after_fix = s:WaitFor(l:pkg, 'PYRER006,PYRER006,PYRER006')

  " an ordinary edit: bar out, the conflict gone
  call setline(3, substitute(getline(3), '"bar"', '"maya"', ''))
  ALELint
  let s:result.edited = s:WaitFor(l:pkg, '')

  " a request list, on the same server
  execute 'edit ' . fnameescape($PYRER_VIM_REQUESTS)
  let l:req = bufnr('')
  let s:result.requests_filetype = &filetype
  ALELint
  let s:result.requests = s:WaitFor(l:req, 'PYRER004')

  " on disk, outside the project: the family the request list names appears
  let l:dir = $PYRER_VIM_REPO . '/houdini/20.0'
  call mkdir(l:dir, 'p')
  call writefile(['name = "houdini"', 'version = "20.0"'], l:dir . '/package.py')
  let s:result.disk = s:WaitFor(l:req, '')
endfunction

try
  call s:Scenario()
catch
  call add(s:result.errors, v:exception . ' at ' . v:throwpoint)
endtry
call writefile([json_encode(s:result)], $PYRER_VIM_OUT)
if empty(s:result.errors)
  qall!
else
  cquit 1
endif
