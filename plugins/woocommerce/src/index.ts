import { woocommercePlugin } from './woocommerce.plugin';

export { woocommercePlugin } from './woocommerce.plugin';
export default woocommercePlugin;
