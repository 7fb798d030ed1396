// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @notice The token's fee receiver (TETToken.infrastructureFund).
interface IFeeReceiver {
    function infrastructureFund() external view returns (address);
    function setMergeOnReceipt(bool merge) external;
}

/// @title TET payment channels
/// @notice A payer escrows TET for a payee and signs cumulative vouchers off chain (EIP-712); the payee
/// redeems the latest one whenever it likes, paying 0.1 % of the redeemed amount to the token's
/// infrastructure fund. This contract is fee-exempt in the token, so escrow, payout and refund moves pay
/// nothing there and a voucher payment is charged exactly once, here. After the channel's expiry plus a
/// dispute window the payer takes back what was not redeemed (a refund, not a payment: no fee).
/// Fee rounding: the fee is computed on cumulative totals, fee = ⌈cumulative / 1000⌉ − ⌈redeemed / 1000⌉,
/// so a channel's fees always sum to exactly ⌈total redeemed / 1000⌉, however the redemptions are split,
/// the same rounding as the token's ⌈value / 1000⌉ on a transfer.
contract Settlement is EIP712 {
    using SafeERC20 for IERC20;

    uint256 public constant FEE_DIVISOR = 1000; // 0.1 %
    // EIP-712 typed structured data: hashStruct(Voucher)
    bytes32 public constant VOUCHER_TYPEHASH =
        keccak256("Voucher(uint256 channel,address payee,uint256 cumulativeAmount,uint64 expiry)");

    struct Voucher {
        uint256 channel;
        address payee;
        uint256 cumulativeAmount;
        uint64 expiry;
    }

    struct Channel {
        address payer;
        uint64 expiry;
        address payee;
        uint256 deposit;
        uint256 redeemed;
    }

    IERC20 public immutable token;
    uint256 public immutable disputeWindow;
    uint256 public channelCount;
    mapping(uint256 => Channel) private _channels;

    event ChannelOpened(uint256 indexed channel, address indexed payer, address indexed payee, uint256 deposit, uint64 expiry);
    event ChannelToppedUp(uint256 indexed channel, uint256 deposit, uint64 expiry);
    event VoucherRedeemed(uint256 indexed channel, address indexed payee, uint256 cumulativeAmount, uint256 paid, uint256 fee);
    event ChannelReclaimed(uint256 indexed channel, address indexed payer, uint256 refund);

    error UnknownChannel(uint256 channel);
    error ZeroAddress();
    error ZeroAmount();
    error ExpiryInPast(uint64 expiry);
    error NotPayer(address caller);
    error WrongPayee(address payee);
    error InvalidSignature();
    error VoucherExpired(uint64 expiry);
    error VoucherNotNewer(uint256 cumulativeAmount, uint256 redeemed);
    error ExceedsDeposit(uint256 cumulativeAmount, uint256 deposit);
    error ChannelClosed(uint256 channel);
    error ReclaimTooEarly(uint256 availableAt);
    error LengthMismatch();

    constructor(IERC20 token_, uint256 disputeWindow_) EIP712("TET Settlement", "1") {
        if (address(token_) == address(0)) revert ZeroAddress();
        token = token_;
        disputeWindow = disputeWindow_;
        // The escrow of every channel is one account: its pieces merge per fund rather than filling
        // MAX_HOLDINGS holdings (payouts leave it oldest first, whichever channel they pay).
        IFeeReceiver(address(token_)).setMergeOnReceipt(true);
    }

    /// @notice Escrows `amount` TET (approved beforehand) for `payee` until `expiry`.
    function open(address payee, uint256 amount, uint64 expiry) public returns (uint256 channel) {
        if (payee == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (expiry <= block.timestamp) revert ExpiryInPast(expiry);
        channel = ++channelCount;
        _channels[channel] = Channel(msg.sender, expiry, payee, amount, 0);
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit ChannelOpened(channel, msg.sender, payee, amount, expiry);
    }

    /// @notice Same as `open`, with an EIP-2612 permit instead of a prior approval.
    function openWithPermit(
        address payee,
        uint256 amount,
        uint64 expiry,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256) {
        IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s); // EIP-2612
        return open(payee, amount, expiry);
    }

    /// @notice Adds escrow and/or extends the expiry (never shortens it) of an open channel.
    function topUp(uint256 channel, uint256 amount, uint64 expiry) external {
        Channel storage c = _channel(channel);
        if (msg.sender != c.payer) revert NotPayer(msg.sender);
        if (block.timestamp > uint256(c.expiry) + disputeWindow) revert ChannelClosed(channel);
        if (expiry < c.expiry) revert ExpiryInPast(expiry);
        c.expiry = expiry;
        c.deposit += amount;
        if (amount != 0) token.safeTransferFrom(msg.sender, address(this), amount);
        emit ChannelToppedUp(channel, c.deposit, expiry);
    }

    /// @notice Redeems a voucher: pays the payee the increase over what was already redeemed, minus the fee.
    function redeem(Voucher calldata voucher, bytes calldata signature) external {
        uint256 fee = _redeem(voucher, signature);
        if (fee != 0) token.safeTransfer(infrastructureFund(), fee);
    }

    /// @notice Redeems many vouchers (of any channels) in one transaction; the fees go out in one transfer.
    function redeemMany(Voucher[] calldata vouchers, bytes[] calldata signatures) external {
        if (vouchers.length != signatures.length) revert LengthMismatch();
        uint256 fees;
        for (uint256 i; i < vouchers.length; ++i) fees += _redeem(vouchers[i], signatures[i]);
        if (fees != 0) token.safeTransfer(infrastructureFund(), fees);
    }

    /// @notice Returns the unredeemed escrow to the payer, after expiry plus the dispute window.
    function reclaim(uint256 channel) external {
        Channel storage c = _channel(channel);
        if (msg.sender != c.payer) revert NotPayer(msg.sender);
        uint256 availableAt = uint256(c.expiry) + disputeWindow;
        if (block.timestamp <= availableAt) revert ReclaimTooEarly(availableAt);
        uint256 refund = c.deposit - c.redeemed;
        c.redeemed = c.deposit;
        if (refund != 0) token.safeTransfer(c.payer, refund);
        emit ChannelReclaimed(channel, c.payer, refund);
    }

    /// @notice Where fees go: the token's infrastructure fund (changed by governance there).
    function infrastructureFund() public view returns (address) {
        return IFeeReceiver(address(token)).infrastructureFund();
    }

    function channelOf(uint256 channel) external view returns (Channel memory) {
        return _channel(channel);
    }

    /// @notice The EIP-712 digest a payer signs for `voucher` on this chain and contract.
    function voucherDigest(Voucher calldata voucher) public view returns (bytes32) {
        return _hashTypedDataV4( // EIP-712: "\x19\x01" ‖ domainSeparator ‖ hashStruct(message)
            keccak256(abi.encode(VOUCHER_TYPEHASH, voucher.channel, voucher.payee, voucher.cumulativeAmount, voucher.expiry))
        );
    }

    /// @notice The fee on a redemption that takes a channel from `redeemed` to `cumulative`.
    function feeFor(uint256 redeemed, uint256 cumulative) public pure returns (uint256) {
        return _ceilDiv(cumulative) - _ceilDiv(redeemed);
    }

    function _redeem(Voucher calldata voucher, bytes calldata signature) private returns (uint256 fee) {
        Channel storage c = _channel(voucher.channel);
        if (voucher.payee != c.payee) revert WrongPayee(voucher.payee);
        if (block.timestamp > voucher.expiry) revert VoucherExpired(voucher.expiry);
        if (block.timestamp > uint256(c.expiry) + disputeWindow) revert ChannelClosed(voucher.channel);
        // ECDSA.recover rejects malleable (high-s) signatures (EIP-2).
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(voucherDigest(voucher), signature);
        if (err != ECDSA.RecoverError.NoError || signer != c.payer) revert InvalidSignature();
        uint256 redeemed = c.redeemed;
        if (voucher.cumulativeAmount <= redeemed) revert VoucherNotNewer(voucher.cumulativeAmount, redeemed);
        if (voucher.cumulativeAmount > c.deposit) revert ExceedsDeposit(voucher.cumulativeAmount, c.deposit);
        c.redeemed = voucher.cumulativeAmount;
        uint256 amount = voucher.cumulativeAmount - redeemed;
        fee = feeFor(redeemed, voucher.cumulativeAmount);
        token.safeTransfer(c.payee, amount - fee);
        emit VoucherRedeemed(voucher.channel, c.payee, voucher.cumulativeAmount, amount - fee, fee);
    }

    function _ceilDiv(uint256 x) private pure returns (uint256) {
        return (x + FEE_DIVISOR - 1) / FEE_DIVISOR;
    }

    function _channel(uint256 channel) private view returns (Channel storage c) {
        c = _channels[channel];
        if (c.payer == address(0)) revert UnknownChannel(channel);
    }
}
