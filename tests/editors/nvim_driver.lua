-- Headless Neovim end-to-end driver for pyrer's language server.
-- Loads a client configuration (a snippet from docs/editors/neovim.md, path in $PYRER_NVIM_CONFIG),
-- opens a package.py ($PYRER_NVIM_PACKAGE), waits for diagnostics, asks for a hover, edits it twice,
-- opens a request list ($PYRER_NVIM_REQUESTS), then changes a package of the repository
-- ($PYRER_NVIM_REPO) on disk behind the editor's back; records what it sees at each step.
-- Prints one line `PYRER_RESULT <json>` on stdout and quits (exit 1 on a Lua error).
-- Written for Neovim 0.7 (Debian) and newer: only APIs present in both are used here.

local WAIT_MS = tonumber(vim.env.PYRER_NVIM_WAIT_MS or "20000")
-- the package's line 3 starts with accents, an emoji and CJK text before its requirements ($PYRER_NVIM_PREFIX)
local PREFIX = vim.env.PYRER_NVIM_PREFIX or ""
local result = { pulls = 0, pushes = 0, errors = {} }

-- Count how diagnostics reach the client: pushed notifications or answers to pulls.
local function count(method, key)
  local original = vim.lsp.handlers[method]
  if original == nil then
    return
  end
  vim.lsp.handlers[method] = function(...)
    result[key] = result[key] + 1
    return original(...)
  end
end
count("textDocument/publishDiagnostics", "pushes")
count("textDocument/diagnostic", "pulls")

local function pyrer_client()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(clients) do
    if client.name == "pyrer" then
      return client
    end
  end
  return nil
end

local function codes(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out, { code = code, line = d.lnum, col = d.col, end_col = d.end_col, message = d.message })
  end
  table.sort(out, function(a, b)
    if a.line ~= b.line then
      return a.line < b.line
    end
    return a.col < b.col
  end)
  return out
end

local function code_list(buf)
  local out = {}
  for _, d in ipairs(codes(buf)) do
    table.insert(out, d.code)
  end
  return table.concat(out, ",")
end

-- Wait until the buffer shows exactly `want` (comma-joined codes, in position order).
local function wait_for(buf, want)
  vim.wait(WAIT_MS, function()
    return code_list(buf) == want
  end, 50)
  return codes(buf)
end

-- hover with the cursor on (1-based line, 0-based byte column): the client converts it to the negotiated encoding
local function hover(buf, line, byte_col)
  vim.api.nvim_win_set_cursor(0, { line, byte_col })
  local client = pyrer_client()
  local params = vim.lsp.util.make_position_params(0, client and client.offset_encoding or "utf-16")
  local answers = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, WAIT_MS) or {}
  for _, answer in pairs(answers) do
    local contents = answer.result and answer.result.contents
    if type(contents) == "table" then
      return contents.value or vim.fn.json_encode(contents)
    elseif contents then
      return contents
    end
  end
  return nil
end

local function scenario()
  dofile(vim.env.PYRER_NVIM_CONFIG)
  local v = vim.version()
  result.nvim = string.format("%d.%d.%d", v.major, v.minor, v.patch)

  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.PYRER_NVIM_PACKAGE))
  local pkg = vim.api.nvim_get_current_buf()
  result.package_filetype = vim.bo[pkg].filetype
  -- line 3 is `requires = ["foo", "pyton-3"]`: an unknown family
  result.initial = wait_for(pkg, "PYRER004")
  local client = pyrer_client()
  result.attached = client ~= nil
  result.diagnostic_provider = client ~= nil and client.server_capabilities.diagnosticProvider ~= nil
  local announced = vim.lsp.protocol.make_client_capabilities().workspace or {}
  result.refresh_support = announced.diagnostics ~= nil and announced.diagnostics.refreshSupport == true
  result.offset_encoding = client and client.offset_encoding
  result.hover = hover(pkg, 3, #PREFIX + 14) -- inside "foo"

  -- `foo` needs python-3.9, `bar` python-3.11: a conflict reported on both
  vim.api.nvim_buf_set_lines(pkg, 2, 3, false, { PREFIX .. 'requires = ["foo", "bar"]' })
  result.conflict = wait_for(pkg, "PYRER006,PYRER006")
  vim.api.nvim_buf_set_lines(pkg, 2, 3, false, { PREFIX .. 'requires = ["foo", "python-3"]' })
  result.fixed = wait_for(pkg, "")

  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.PYRER_NVIM_REQUESTS))
  local req = vim.api.nvim_get_current_buf()
  result.requests_filetype = vim.bo[req].filetype
  result.requests = wait_for(req, "PYRER006,PYRER006")
  vim.cmd("buffer " .. pkg)

  -- on disk, not through the editor: foo now needs a family that does not exist, then again not
  local foo = vim.env.PYRER_NVIM_REPO .. "/foo/1.0/package.py"
  local function write(text)
    local f = assert(io.open(foo, "w"))
    f:write(text)
    f:close()
  end
  write('name = "foo"\nversion = "1.0"\nrequires = ["ghost"]\n')
  result.disk_broken = wait_for(pkg, "PYRER010")
  write('name = "foo"\nversion = "1.0"\nrequires = ["python-3.9"]\n')
  if #result.disk_broken > 0 then -- not seen at all: no second wait
    result.disk_restored = wait_for(pkg, "")
  end
end

local ok, err = pcall(scenario)
if not ok then
  table.insert(result.errors, tostring(err))
end
io.stdout:write("PYRER_RESULT " .. vim.fn.json_encode(result) .. "\n")
io.stdout:flush()
vim.cmd(ok and "qa!" or "cquit 1")
