// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Lots: which issuance every circulating token comes from
/// @notice A lot is one issuance (fund, rate, amount, serials [firstSerial, firstSerial + amount),
/// buyer, time) or a merge of same-fund pieces made when an account holds too many lots. Every
/// account's balance is a list of holdings (lot id, amount), oldest first; transfers and burns take the
/// oldest holdings first unless lots are named. The list is doubly linked and keyed by lot id, so a
/// lookup, an append and a removal are O(1) storage operations.
/// Bound: an account holds at most MAX_HOLDINGS lots. A piece arriving at a full account is merged into
/// the account's merge lot of the same fund (created on first need from a same-fund holding, in place);
/// when the account holds nothing of that fund it goes into its MIXED merge lot (fund 0). So a transfer
/// touches at most MAX_HOLDINGS holdings of the sender and, per piece, one holding of the receiver plus
/// (only when a merge lot must be created) one scan of its MAX_HOLDINGS holdings. An account may
/// choose to merge every same-fund piece on receipt (`mergeOnReceipt`; the fee fund always does).
abstract contract LotLedger {
    uint256 public constant MAX_HOLDINGS = 16;
    /// @notice The fund of a merge lot whose pieces came from different funds.
    bytes32 public constant MIXED = bytes32(0);

    struct Lot {
        bytes32 fund;
        uint128 rate; // TET wei per whole fund unit at issuance; 0 for merge lots
        uint128 amount; // issued; 0 for merge lots (their pieces are in LotMerged events)
        uint128 firstSerial; // 0 for merge lots
        uint64 timestamp;
        address origin; // the buyer, or the account where the merge happened
    }

    struct Node {
        uint128 amount;
        uint64 prev;
        uint64 next;
    }

    struct Book {
        uint64 head;
        uint64 tail;
        uint32 count;
    }

    Lot[] private _lots; // id = index + 1
    uint256 public totalSerials; // smallest units ever issued in lots: the last serial
    mapping(bytes32 => uint256) public outstanding; // circulating TET per fund of its lots
    mapping(address => Book) private _books;
    mapping(address => mapping(uint64 => Node)) private _nodes;
    mapping(address => mapping(bytes32 => uint64)) private _mergeLot;

    event LotIssued(uint64 indexed lot, bytes32 indexed fund, address indexed buyer, uint256 rate, uint256 amount, uint256 firstSerial);
    event LotMoved(uint64 indexed lot, address indexed from, address indexed to, uint256 amount);
    event LotMerged(uint64 indexed into, uint64 indexed piece, address indexed account, uint256 amount);

    error UnknownLot(uint64 lot);
    error NotHeld(address account, uint64 lot, uint256 held);
    error LengthMismatch();
    error LotAmountTooLarge();
    error LotsExhausted(address account, uint256 missing);

    // ----------------------------------------------------------------- views

    function lotCount() external view returns (uint256) {
        return _lots.length;
    }

    function lot(uint64 id) public view returns (Lot memory) {
        if (id == 0 || id > _lots.length) revert UnknownLot(id);
        return _lots[id - 1];
    }

    /// @notice An account's holdings, oldest first: lot ids and amounts (at most MAX_HOLDINGS).
    function lotsOf(address account) external view returns (uint64[] memory ids, uint256[] memory amounts) {
        Book storage b = _books[account];
        ids = new uint64[](b.count);
        amounts = new uint256[](b.count);
        uint64 id = b.head;
        for (uint256 i; id != 0; ++i) {
            Node storage n = _nodes[account][id];
            (ids[i], amounts[i]) = (id, n.amount);
            id = n.next;
        }
    }

    function holdingOf(address account, uint64 id) public view returns (uint256) {
        return _nodes[account][id].amount;
    }

    // ----------------------------------------------------------------- moves

    function _issueLot(address to, bytes32 fund, uint256 rate, uint256 amount) internal returns (uint64 id) {
        if (amount > type(uint128).max || rate > type(uint128).max) revert LotAmountTooLarge();
        uint256 first = totalSerials + 1;
        totalSerials += amount;
        _lots.push(Lot(fund, uint128(rate), uint128(amount), uint128(first), uint64(block.timestamp), to));
        id = uint64(_lots.length);
        outstanding[fund] += amount;
        emit LotIssued(id, fund, to, rate, amount, first);
        _credit(to, id, fund, amount);
    }

    /// @dev Moves `value` from `from`'s oldest holdings to `to`, or burns them when `to` is 0.
    function _moveOldest(address from, address to, uint256 value) internal {
        uint64 id = _books[from].head;
        while (value != 0) {
            if (id == 0) revert LotsExhausted(from, value); // balance and holdings disagree: a bug
            Node storage n = _nodes[from][id];
            uint64 next = n.next;
            uint256 take = n.amount < value ? n.amount : value;
            _movePiece(from, to, id, take);
            value -= take;
            id = next;
        }
    }

    /// @dev Moves exactly the named pieces, the first `fee` units of them to `feeTo` and the rest to `to`
    /// (0: burnt). Returns their sum, which the ERC-20 side must move too.
    function _moveNamed(
        address from,
        address feeTo,
        uint256 fee,
        address to,
        uint64[] calldata ids,
        uint256[] calldata amounts
    ) internal returns (uint256 total) {
        if (ids.length != amounts.length) revert LengthMismatch();
        for (uint256 i; i < ids.length; ++i) {
            uint256 amount = amounts[i];
            uint256 held = _nodes[from][ids[i]].amount;
            if (amount == 0 || amount > held) revert NotHeld(from, ids[i], held);
            uint256 toFee = fee < amount ? fee : amount;
            fee -= toFee;
            if (toFee != 0) _movePiece(from, feeTo, ids[i], toFee);
            if (amount != toFee) _movePiece(from, to, ids[i], amount - toFee);
            total += amount;
        }
    }

    function _movePiece(address from, address to, uint64 id, uint256 amount) private {
        if (from == to) return;
        Node storage n = _nodes[from][id];
        if (amount == n.amount) _unlink(from, id);
        else n.amount -= uint128(amount);
        bytes32 fund = _lots[id - 1].fund;
        emit LotMoved(id, from, to, amount);
        if (to == address(0)) outstanding[fund] -= amount;
        else _credit(to, id, fund, amount);
    }

    function _credit(address to, uint64 id, bytes32 fund, uint256 amount) private {
        Node storage n = _nodes[to][id];
        if (n.amount != 0) {
            n.amount += uint128(amount);
            return;
        }
        Book storage b = _books[to];
        bool merging = _mergesOnReceipt(to);
        if (b.count < MAX_HOLDINGS && !merging) return _append(to, b, id, amount);
        uint64 m = _mergeLot[to][fund];
        if (m == 0 || _nodes[to][m].amount == 0) m = _openMergeLot(to, b, fund);
        if (m == 0 && b.count < MAX_HOLDINGS) return _append(to, b, id, amount);
        if (m == 0) {
            // Nothing of this fund held: the piece joins the account's MIXED merge lot.
            outstanding[fund] -= amount;
            outstanding[MIXED] += amount;
            m = _mergeLot[to][MIXED];
            if (m == 0 || _nodes[to][m].amount == 0) m = _convert(to, b.tail, MIXED);
        }
        _nodes[to][m].amount += uint128(amount);
        emit LotMerged(m, id, to, amount);
    }

    /// @dev Turns the newest same-fund holding into a new merge lot; 0 when there is none.
    function _openMergeLot(address to, Book storage b, bytes32 fund) private returns (uint64) {
        for (uint64 x = b.tail; x != 0; x = _nodes[to][x].prev) {
            if (_lots[x - 1].fund == fund) return _convert(to, x, fund);
        }
        return 0;
    }

    /// @dev Replaces holding `x` of `to` by a new merge lot of `fund` at the same place in the list.
    function _convert(address to, uint64 x, bytes32 fund) private returns (uint64 m) {
        _lots.push(Lot(fund, 0, 0, 0, uint64(block.timestamp), to));
        m = uint64(_lots.length);
        _mergeLot[to][fund] = m;
        Node memory old = _nodes[to][x];
        bytes32 oldFund = _lots[x - 1].fund;
        if (oldFund != fund) {
            outstanding[oldFund] -= old.amount;
            outstanding[fund] += old.amount;
        }
        delete _nodes[to][x];
        _nodes[to][m] = old;
        Book storage b = _books[to];
        if (old.prev == 0) b.head = m;
        else _nodes[to][old.prev].next = m;
        if (old.next == 0) b.tail = m;
        else _nodes[to][old.next].prev = m;
        emit LotMerged(m, x, to, old.amount);
    }

    /// @dev Accounts that keep one lot per fund: every same-fund piece joins their merge lot, so a
    /// busy receiver (the fee fund, an escrow) costs one storage write per piece, not a new holding.
    function _mergesOnReceipt(address account) internal view virtual returns (bool);

    function _append(address to, Book storage b, uint64 id, uint256 amount) private {
        _nodes[to][id] = Node(uint128(amount), b.tail, 0);
        if (b.tail == 0) b.head = id;
        else _nodes[to][b.tail].next = id;
        b.tail = id;
        ++b.count;
    }

    function _unlink(address from, uint64 id) private {
        Node memory n = _nodes[from][id];
        Book storage b = _books[from];
        if (n.prev == 0) b.head = n.next;
        else _nodes[from][n.prev].next = n.next;
        if (n.next == 0) b.tail = n.prev;
        else _nodes[from][n.next].prev = n.prev;
        --b.count;
        delete _nodes[from][id];
    }
}
